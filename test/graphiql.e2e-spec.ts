import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { TotpService } from '@rail/auth';
import { launchChromium, openOfflinePage } from './support/offline-browser.js';
import { startStoreApp, type StoreApp } from './support/store-app.js';

const QUERY = '{ products(limit: 1) { name } }';

/** Signs in with the page's own bar and waits for it to say so. */
async function signInFromPage(page: Page, email: string): Promise<void> {
  await page.locator('#rail-sign-in [name="email"]').fill(email);
  await page.locator('#rail-sign-in [name="password"]').fill('rail-demo-password');
  await page.locator('#rail-sign-in button[type="submit"]').click();
}

/** Puts a document in the query editor, as typing it would, and runs it with the run button. */
async function runFromPage(page: Page, document: string): Promise<void> {
  // CodeMirror keeps its instance on its wrapper; typing would fight its bracket auto-closing.
  await page.evaluate(
    `document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(${JSON.stringify(document)})`,
  );
  await page.locator('.graphiql-execute-button').click();
}

describe('GraphiQL in development, served by the app itself', () => {
  let store: StoreApp;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    store = await startStoreApp({ user: null });
    await store.app.listen(0, '127.0.0.1');
    const { port } = store.app.getHttpServer().address() as AddressInfo;
    origin = `http://127.0.0.1:${port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await store?.close();
  });

  it("serves the page under a CSP of 'self' for scripts and styles, and its files with their types", async () => {
    const http = request(store.app.getHttpServer());
    const page = await http.get('/graphql').set('accept', 'text/html');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/style-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-inline|https:|unpkg|jsdelivr/);
    expect(page.text).not.toMatch(/https?:\/\//);
    expect(page.text).not.toMatch(/<script>|<style>/);

    const script = await http.get('/graphql/assets/graphiql.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const style = await http.get('/graphql/assets/graphiql.css');
    expect(style.headers['content-type']).toBe('text/css; charset=utf-8');
    // Only the listed files: a path is never looked up on disk.
    expect((await http.get('/graphql/assets/..%2Fpackage.json')).status).toBe(404);
    // An API client asking for JSON still reaches GraphQL.
    const api = await http.get('/graphql?query={__typename}').set('accept', 'application/json');
    expect(api.headers['content-type']).toMatch(/^application\/json/);
  });

  it('renders with no network beyond loopback, signs in from the page and runs a query', async () => {
    const { page, leftLoopback, cspViolations } = await openOfflinePage(browser);
    const expected = await store.graphql(
      QUERY,
      undefined,
      await store.fullSession('catalog_admin@acme.example'),
    );
    const name = (expected.body as { data: { products: Array<{ name: string }> } }).data.products[0].name;

    await page.goto(`${origin}/graphql`);
    await page.locator('.graphiql-container').waitFor({ state: 'visible' });
    await page.locator('.graphiql-query-editor .CodeMirror').waitFor({ state: 'visible' });

    await signInFromPage(page, 'catalog_admin@acme.example');
    await page.getByText('Signed in as catalog_admin@acme.example').waitFor();
    await runFromPage(page, QUERY);
    await page.locator('.result-window').getByText(name).waitFor();

    expect(leftLoopback).toEqual([]);
    expect(cspViolations).toEqual([]);
    await page.close();
  });

  it("shows an admin's authenticator enrolment as a QR code image, then signs in with its code", async () => {
    const { page, leftLoopback, cspViolations } = await openOfflinePage(browser);
    await page.goto(`${origin}/graphql`);
    await signInFromPage(page, 'admin@acme.example');

    const qrCode = page.locator('#rail-enrolment img');
    await qrCode.waitFor({ state: 'visible' });
    expect(await qrCode.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    // The image decoded: a PNG the browser could draw, not a broken one.
    await page.waitForFunction("document.querySelector('#rail-enrolment img').naturalWidth > 0");
    const secret = await page.locator('#rail-enrolment .rail-secret').innerText();
    await page.locator('#rail-sign-in [name="code"]').fill(new TotpService().codeAt(secret, Date.now()));
    await page.locator('#rail-sign-in button[type="submit"]').click();
    await page.getByText('Signed in as admin@acme.example').waitFor();
    await expect(page.locator('#rail-enrolment').innerText()).resolves.toMatch(/Recovery codes/);

    await runFromPage(page, '{ me { email } }');
    await page.locator('.result-window').getByText('admin@acme.example').waitFor();
    expect(leftLoopback).toEqual([]);
    expect(cspViolations).toEqual([]);
    await page.close();
  });
});
