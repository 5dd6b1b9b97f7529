import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { productFiles } from './support/product-files.js';

// The design's one rule between libraries: a library imports @rail/core and
// nothing else of the suite; what it needs of another comes through a port or
// an extension point in core. This holds the product code (not the specs) to it.

const LIBS = join(import.meta.dirname, '..', 'libs');
const CORE = '@rail/core';

/** Every `@rail/*` module a source names: imports, type imports, re-exports and dynamic imports. */
function suitePackagesNamedIn(source: string): string[] {
  const { importedFiles } = ts.preProcessFile(source, true, true);
  return importedFiles
    .map((file) => /^@rail\/[^/]+/.exec(file.fileName)?.[0])
    .filter((name): name is string => name !== undefined);
}

const libraries = readdirSync(LIBS).filter((name) => name !== 'core');

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

describe('library boundaries', () => {
  it('sees every form in which a source can name another library', () => {
    const source = [
      "import { A } from '@rail/schema';",
      "import type { B } from '@rail/rbac';",
      "export { C } from '@rail/audit';",
      "const d = await import('@rail/auth');",
      "import { E } from '@rail/core';",
      "import { F } from './local.js';",
    ].join('\n');
    expect(suitePackagesNamedIn(source)).toEqual([
      '@rail/schema',
      '@rail/rbac',
      '@rail/audit',
      '@rail/auth',
      '@rail/core',
    ]);
  });

  it('has no library importing another @rail package than @rail/core', () => {
    const crossings = libraries.flatMap((library) =>
      productFiles(join(LIBS, library, 'src')).flatMap((file) =>
        suitePackagesNamedIn(readFileSync(file, 'utf8'))
          .filter((name) => name !== CORE)
          .map((name) => `${relative(LIBS, file)} imports ${name}`),
      ),
    );
    expect(crossings).toEqual([]);
  });

  it('has no library declaring another @rail package than @rail/core, nor building against one', () => {
    const declared = libraries.flatMap((library) => {
      const manifest = readJson<Record<string, Record<string, string> | undefined>>(
        join(LIBS, library, 'package.json'),
      );
      const sections = ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies'];
      const packages = sections.flatMap((section) => Object.keys(manifest[section] ?? {}));
      const references = readJson<{ references?: Array<{ path: string }> }>(
        join(LIBS, library, 'tsconfig.lib.json'),
      ).references;
      return [
        ...packages
          .filter((name) => name.startsWith('@rail/') && name !== CORE)
          .map((name) => `${library} depends on ${name}`),
        ...(references ?? [])
          .filter((reference) => reference.path !== '../core/tsconfig.lib.json')
          .map((reference) => `${library} builds against ${reference.path}`),
      ];
    });
    expect(declared).toEqual([]);
  });
});
