import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// docs/first-app.md is the helpdesk's code: each block marked
// `<!-- file: path -->` is that file as it is, and every file of the app (its
// migrations apart, which a command writes) is shown.

const ROOT = join(import.meta.dirname, '..');
const APP = join(ROOT, 'apps/helpdesk');
const page = readFileSync(join(ROOT, 'docs/first-app.md'), 'utf8');

/** The blocks of the page that claim to be a file, by path. */
function fileBlocks(markdown: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const match of markdown.matchAll(/<!-- file: (\S+) -->\s*```\w*\n([\s\S]*?)\n```/g)) {
    blocks.set(match[1], match[2]);
  }
  return blocks;
}

function appFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : appFiles(path);
    return /\.(ts|yml)$/.test(entry.name) ? [relative(ROOT, path)] : [];
  });
}

describe('docs/first-app.md', () => {
  const blocks = fileBlocks(page);

  it('finds the file blocks of a page', () => {
    expect([...fileBlocks('<!-- file: a.ts -->\n\n```ts\nconst a = 1;\n```\n').entries()]).toEqual([
      ['a.ts', 'const a = 1;'],
    ]);
  });

  it('shows every file of the helpdesk app', () => {
    const shown = new Set(blocks.keys());
    expect(appFiles(APP).filter((file) => !shown.has(file))).toEqual([]);
  });

  it.each([...fileBlocks(page).keys()])('shows %s as it is', (file) => {
    expect(blocks.get(file)).toBe(readFileSync(join(ROOT, file), 'utf8').trimEnd());
  });
});
