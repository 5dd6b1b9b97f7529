import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium: the machines have no browser download (.ci/run installs the package). */
export const CHROMIUM = '/usr/bin/chromium';

/** Without the background-networking flags Chromium keeps calling out, which this network refuses. */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium, or fails saying how to get it: a browser test never skips itself. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}; install it with "apt-get install -y chromium" (.ci/run does).`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

export interface OfflinePage {
  readonly page: Page;
  /** Every request that tried to leave loopback (each was aborted). */
  readonly leftLoopback: string[];
  /** The page's content security policy violations, as `directive blocked-uri`. */
  readonly cspViolations: string[];
}

/**
 * A fresh page whose requests may reach 127.0.0.1 and localhost only: any
 * other is aborted and recorded, as is any CSP violation the page reports.
 */
export async function openOfflinePage(browser: Browser): Promise<OfflinePage> {
  const page = await browser.newPage();
  // Fails in seconds, naming the element, rather than at Jest's minute.
  page.setDefaultTimeout(10_000);
  const leftLoopback: string[] = [];
  const cspViolations: string[] = [];
  await page.route('**', (route) => {
    const url = route.request().url();
    const { hostname } = new URL(url);
    if (hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
    leftLoopback.push(url);
    return route.abort('internetdisconnected');
  });
  await page.exposeFunction('reportCspViolation', (violation: string) => cspViolations.push(violation));
  // A string: the test's TypeScript has no DOM types.
  await page.addInitScript(
    `document.addEventListener('securitypolicyviolation', (event) =>
      window.reportCspViolation(event.violatedDirective + ' ' + event.blockedURI));`,
  );
  return { page, leftLoopback, cspViolations };
}
