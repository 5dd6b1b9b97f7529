import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { satisfiesRange } from './support/version-range.js';
import { productFiles } from './support/product-files.js';

// Each library is published on its own and installed into apps outside this
// repository, where only its manifest says what to install: the root's
// dependencies are not there. A package a library imports and does not
// declare makes it fail at its first import (as compression did for
// @rail/core); a range the installed version does not satisfy is a range the
// suite was never tested against. The pack-and-install check
// (.ci/pack-install.mjs) proves the same end to end, in minutes; this says
// which line is wrong, in a second.

const ROOT = join(import.meta.dirname, '..');
const LIBS = join(ROOT, 'libs');
const CORE = '@rail/core';

interface Manifest {
  name: string;
  version: string;
  type?: string;
  files?: string[];
  engines?: Record<string, string>;
  exports?: Record<string, { types?: string; default?: string }>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

interface Lockfile {
  packages: Record<string, Partial<Manifest> | undefined>;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** The package a bare specifier loads (`pkg/sub` → `pkg`, `@scope/pkg/sub` → `@scope/pkg`); none for relative paths and Node's builtins. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:'))
    return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return builtinModules.includes(name) ? undefined : name;
}

/** Every package a source loads: imports, type imports, re-exports and dynamic imports. */
/** Packages a source imports, or whose files it reads (`require.resolve('graphiql/package.json')`: served assets). */
function packagesImportedBy(source: string): string[] {
  const { importedFiles } = ts.preProcessFile(source, true, true);
  const resolved = [...source.matchAll(/require\.resolve\(\s*['"`]([^'"`]+)['"`]/g)].map((match) => match[1]);
  return [...importedFiles.map((file) => file.fileName), ...resolved]
    .map((name) => packageOf(name))
    .filter((name) => name !== undefined);
}

const libraries = readdirSync(LIBS).filter((name) => existsSync(join(LIBS, name, 'package.json')));
const manifestOf = (library: string) => readJson<Manifest>(join(LIBS, library, 'package.json'));
const rootManifest = readJson<Manifest>(join(ROOT, 'package.json'));
const lockfile = readJson<Lockfile>(join(ROOT, 'package-lock.json'));
const coreVersion = manifestOf('core').version;

/** The version of `name` a library resolves to in this repository: its own nested copy, else the hoisted one. */
function installedVersion(library: string, name: string): string | undefined {
  if (name === CORE) return coreVersion;
  return (
    lockfile.packages[`libs/${library}/node_modules/${name}`]?.version ??
    lockfile.packages[`node_modules/${name}`]?.version
  );
}

describe('library package manifests', () => {
  it('maps every form of specifier to the package that has to be installed', () => {
    const source = [
      "import compression from 'compression';",
      "import type { Job } from 'bullmq';",
      "import { Queue } from 'bullmq/dist/esm/classes/queue.js';",
      "export { GraphQLJSON } from 'graphql-scalars';",
      "import { ApolloServerPlugin } from '@apollo/server/plugin/landingPage/default';",
      "const api = await import('@opentelemetry/api');",
      "import { readFileSync } from 'node:fs';",
      "import { join } from 'path';",
      "import { local } from './local.js';",
    ].join('\n');
    expect(packagesImportedBy(source)).toEqual([
      'compression',
      'bullmq',
      'bullmq',
      'graphql-scalars',
      '@apollo/server',
      '@opentelemetry/api',
    ]);
  });

  it('reads version ranges as npm does', () => {
    expect(satisfiesRange('12.5.1', '^12.0.0')).toBe(true);
    expect(satisfiesRange('13.0.0', '^12.0.0')).toBe(false);
    expect(satisfiesRange('0.2.2', '^0.2.0')).toBe(true);
    expect(satisfiesRange('0.3.0', '^0.2.0')).toBe(false);
    expect(satisfiesRange('1.10.4', '~1.10.0')).toBe(true);
    expect(satisfiesRange('1.11.0', '~1.10.0')).toBe(false);
    expect(satisfiesRange('0.15.1', '>=0.14.0')).toBe(true);
    expect(satisfiesRange('5.11.1', '^4.0.0 || ^5.0.0')).toBe(true);
    expect(satisfiesRange('1.0.0', '1.x')).toBe('unsupported');
  });

  it('has every package a library imports declared in its dependencies or peerDependencies', () => {
    const undeclared = libraries.flatMap((library) => {
      const manifest = manifestOf(library);
      const declared = new Set([
        ...Object.keys(manifest.dependencies ?? {}),
        ...Object.keys(manifest.peerDependencies ?? {}),
      ]);
      const firstImporter = new Map<string, string>();
      for (const file of productFiles(join(LIBS, library, 'src'))) {
        for (const name of packagesImportedBy(readFileSync(file, 'utf8'))) {
          if (name !== manifest.name && !firstImporter.has(name))
            firstImporter.set(name, relative(LIBS, file));
        }
      }
      return [...firstImporter]
        .filter(([name]) => !declared.has(name))
        .map(([name, file]) => `${manifest.name} imports ${name} (${file}) but does not declare it`);
    });
    expect(undeclared).toEqual([]);
  });

  it('has no dependency a library never imports (it would only be installed for nothing)', () => {
    const unused = libraries.flatMap((library) => {
      const manifest = manifestOf(library);
      const imported = new Set(
        productFiles(join(LIBS, library, 'src')).flatMap((file) =>
          packagesImportedBy(readFileSync(file, 'utf8')),
        ),
      );
      return Object.keys(manifest.dependencies ?? {})
        .filter((name) => !imported.has(name))
        .map((name) => `${manifest.name} depends on ${name} and never imports it`);
    });
    expect(unused).toEqual([]);
  });

  it('declares ranges that the versions this repository installs and tests satisfy', () => {
    const outOfRange = libraries.flatMap((library) => {
      const manifest = manifestOf(library);
      const ranges = { ...manifest.dependencies, ...manifest.peerDependencies };
      return Object.entries(ranges).flatMap(([name, range]) => {
        const version = installedVersion(library, name);
        if (version === undefined) return [`${manifest.name}: ${name} ${range} is not in package-lock.json`];
        const satisfied = satisfiesRange(version, range);
        if (satisfied === 'unsupported')
          return [`${manifest.name}: ${name} has a range this test cannot read: ${range}`];
        return satisfied
          ? []
          : [`${manifest.name}: ${name} ${range} does not admit the installed ${version}`];
      });
    });
    expect(outOfRange).toEqual([]);
  });

  it('has every library but the core take @rail/core as a peer, at the version of the workspace', () => {
    // A peer, never a dependency: two copies of the core would be two sets of Nest providers and tokens.
    const wrong = libraries
      .filter((library) => library !== 'core')
      .flatMap((library) => {
        const manifest = manifestOf(library);
        const range = manifest.peerDependencies?.[CORE];
        if (manifest.dependencies?.[CORE] !== undefined)
          return [`${manifest.name} has ${CORE} as a dependency`];
        if (range === undefined) return [`${manifest.name} does not declare ${CORE} as a peer`];
        if (manifest.peerDependenciesMeta?.[CORE]?.optional)
          return [`${manifest.name} makes ${CORE} optional`];
        return satisfiesRange(coreVersion, range) === true
          ? []
          : [`${manifest.name}: ${CORE} ${range} does not admit the workspace's ${coreVersion}`];
      });
    expect(wrong).toEqual([]);
  });

  it('marks only declared peers optional', () => {
    const stray = libraries.flatMap((library) => {
      const manifest = manifestOf(library);
      return Object.keys(manifest.peerDependenciesMeta ?? {})
        .filter((name) => manifest.peerDependencies?.[name] === undefined)
        .map((name) => `${manifest.name} has peerDependenciesMeta for ${name}, which is no peer`);
    });
    expect(stray).toEqual([]);
  });

  it('publishes each library as an ES module package of its built dist, with types, for the Node versions of the repository', () => {
    const problems = libraries.flatMap((library) => {
      const manifest = manifestOf(library);
      const found: string[] = [];
      if (manifest.type !== 'module') found.push('type is not "module"');
      // The built dist, and for a library that serves files of its own (core's GraphiQL page), assets.
      const files = manifest.files ?? [];
      if (!files.includes('dist') || files.some((entry) => entry !== 'dist' && entry !== 'assets'))
        found.push('files is not ["dist"] (or ["dist", "assets"])');
      if (manifest.engines?.node !== rootManifest.engines?.node) {
        found.push(`engines.node is not the repository's ${rootManifest.engines?.node}`);
      }
      if (manifest.exports?.['.'] === undefined) found.push('exports has no "." entry');
      for (const [entry, target] of Object.entries(manifest.exports ?? {})) {
        // dist/x.js is built from src/x.ts (tsconfig.lib.json: rootDir src, outDir dist).
        const source = target.default?.replace(/^\.\/dist\/(.*)\.js$/, 'src/$1.ts');
        if (source === undefined || source === target.default || !existsSync(join(LIBS, library, source))) {
          found.push(`exports["${entry}"].default is no built file of src: ${target.default}`);
        }
        if (target.types !== target.default?.replace(/\.js$/, '.d.ts')) {
          found.push(`exports["${entry}"].types is not the declarations beside its default: ${target.types}`);
        }
      }
      return found.map((problem) => `${manifest.name}: ${problem}`);
    });
    expect(problems).toEqual([]);
  });

  it('has package-lock.json record each library as its manifest declares it (else npm ci refuses the lockfile)', () => {
    const stale = libraries.flatMap((library) => {
      const manifest = manifestOf(library);
      const locked = lockfile.packages[`libs/${library}`] ?? {};
      return (['dependencies', 'peerDependencies', 'peerDependenciesMeta'] as const)
        .filter(
          (section) => JSON.stringify(sorted(locked[section])) !== JSON.stringify(sorted(manifest[section])),
        )
        .map(
          (section) =>
            `${manifest.name}: package-lock.json's ${section} differ from package.json's; run npm install`,
        );
    });
    expect(stale).toEqual([]);
  });
});

function sorted(record: Readonly<Record<string, unknown>> | undefined): Array<[string, unknown]> {
  return Object.entries(record ?? {}).sort(([a], [b]) => a.localeCompare(b));
}
