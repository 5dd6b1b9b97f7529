import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// The docs are all a user of the repository has: every link in them leads to a
// file of the repository, and nothing tracked points at notes outside it.

const ROOT = join(import.meta.dirname, '..');
const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter(Boolean);
const pages = tracked.filter((path) => path.endsWith('.md'));

/** The relative targets of a page's Markdown links (`[text](target)`), without their #anchors. */
function localLinks(markdown: string): string[] {
  const targets = [...markdown.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1]);
  return targets
    .filter((target) => !/^(https?:|mailto:|#)/.test(target))
    .map((target) => decodeURI(target.split('#')[0]));
}

describe('the docs stand alone', () => {
  it('finds the links of a page, local ones only', () => {
    expect(localLinks('[a](docs/a.md#x) [b](https://example.com) [c](#top) [d](../e.md "E")')).toEqual([
      'docs/a.md',
      '../e.md',
    ]);
  });

  it.each(pages)('%s links only to files of the repository', (page) => {
    const missing = localLinks(readFileSync(join(ROOT, page), 'utf8')).filter((target) => {
      const path = resolve(ROOT, dirname(page), target);
      return !path.startsWith(ROOT) || !existsSync(path);
    });
    expect(missing).toEqual([]);
  });

  it('has no tracked file pointing at notes outside the repository', () => {
    const outside =
      /(?:\.\.\/)?shared\/(?:store-domain|stack-notes|DESIGN|examples|lessons-from-rail-django)\.md/;
    const offending = tracked.filter(
      (path) =>
        /\.(md|ts|mjs|js|ya?ml|json)$/.test(path) &&
        path !== 'test/docs-stand-alone.spec.ts' &&
        outside.test(readFileSync(join(ROOT, path), 'utf8')),
    );
    expect(offending).toEqual([]);
  });
});
