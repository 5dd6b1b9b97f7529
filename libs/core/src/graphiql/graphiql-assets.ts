import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface GraphiqlAsset {
  readonly body: Buffer;
  readonly contentType: string;
  /** A strong validator of the body, hashed once when the file is read. */
  readonly etag: string;
}

const JAVASCRIPT = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

const require = createRequire(import.meta.url);
// Resolved by literal names, so that the package manifests test sees which packages are read.
const packageRoots = {
  react: () => dirname(require.resolve('react/package.json')),
  'react-dom': () => dirname(require.resolve('react-dom/package.json')),
  graphiql: () => dirname(require.resolve('graphiql/package.json')),
};
const packageFile = (name: keyof typeof packageRoots, relative: string): string =>
  join(packageRoots[name](), relative);
// From src/graphiql/ (tests) and dist/graphiql/ (built) alike, the library's assets/ is two levels up.
const ownFile = (name: string): string =>
  fileURLToPath(new URL(`../../assets/graphiql/${name}`, import.meta.url));

/**
 * The files the page loads, by the name it asks for. A fixed list: a request
 * names an entry, never a path, so nothing else on disk can be reached.
 * GraphiQL 4's prebuilt browser bundle (its last line with one: 5 ships ES
 * modules that need a bundler) on React 18's (React 19 ships none).
 */
const SOURCES: Readonly<Record<string, { file: () => string; contentType: string }>> = {
  'react.js': { file: () => packageFile('react', 'umd/react.production.min.js'), contentType: JAVASCRIPT },
  'react-dom.js': {
    file: () => packageFile('react-dom', 'umd/react-dom.production.min.js'),
    contentType: JAVASCRIPT,
  },
  'graphiql.js': { file: () => packageFile('graphiql', 'dist/index.umd.js'), contentType: JAVASCRIPT },
  'graphiql.css': { file: () => packageFile('graphiql', 'dist/style.css'), contentType: CSS },
  'graphiql-page.mjs': { file: () => ownFile('graphiql-page.mjs'), contentType: JAVASCRIPT },
  'graphiql-page.css': { file: () => ownFile('graphiql-page.css'), contentType: CSS },
};

/**
 * GraphiQL's files, found when the app starts (a missing package stops it
 * there, not on the first page view), read once on the first request and
 * served from memory after that.
 */
export class GraphiqlAssets {
  private readonly files = new Map(Object.entries(SOURCES).map(([name, source]) => [name, source.file()]));
  private loaded: Promise<Map<string, GraphiqlAsset>> | undefined;

  async get(name: string): Promise<GraphiqlAsset | undefined> {
    if (!this.files.has(name)) return undefined;
    this.loaded ??= this.load().catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    return (await this.loaded).get(name);
  }

  private async load(): Promise<Map<string, GraphiqlAsset>> {
    const entries = await Promise.all(
      [...this.files].map(async ([name, file]) => {
        const body = await readFile(file);
        const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
        const asset: GraphiqlAsset = { body, contentType: SOURCES[name].contentType, etag };
        return [name, asset] as const;
      }),
    );
    return new Map(entries);
  }
}
