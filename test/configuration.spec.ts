import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Every environment variable the code reads is documented, in .env.example and
// in docs/configuration.md, and nothing documented there is read nowhere: a
// variable added to the code without its line fails here.

const ROOT = join(import.meta.dirname, '..');

/** The TypeScript sources of the sample app and the libraries, without their specs. */
function sources(): string[] {
  const roots = [
    join(ROOT, 'apps/store-api/src'),
    ...readdirSync(join(ROOT, 'libs')).map((name) => join(ROOT, 'libs', name, 'src')),
  ];
  return roots.flatMap((root) =>
    readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((path) => path.endsWith('.ts') && !path.endsWith('.spec.ts'))
      .map((path) => join(root, path)),
  );
}

// `process.env.X`, `env.X` (an `env` parameter defaulting to process.env) and `env['X']`.
const READ = /\benv(?:\.|\[')([A-Z][A-Z0-9_]*)/g;

/** Code lines only: a variable named in a doc comment's example is not read. */
function codeOf(source: string): string {
  return source
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\/\*|\*)/.test(line))
    .join('\n');
}

function variablesReadIn(source: string): string[] {
  return [...codeOf(source).matchAll(READ)].map((match) => match[1]);
}

const readByCode = new Set(sources().flatMap((path) => variablesReadIn(readFileSync(path, 'utf8'))));

/** The variables `.env.example` lists, set or commented out: `NAME=` or `# NAME=` at a line's start. */
function listedInEnvExample(): string[] {
  const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
  return [...example.matchAll(/^(?:# )?([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);
}

/** The variables of the tables in docs/configuration.md: rows that start with `` | `NAME` ``. */
function listedInDocs(): string[] {
  const page = readFileSync(join(ROOT, 'docs/configuration.md'), 'utf8');
  return [...page.matchAll(/^\| `([A-Z][A-Z0-9_]*)` +\|/gm)].map((match) => match[1]);
}

/** What the code reads that is not listed (undocumented), and what is listed that nothing reads (stale). */
function compare(listed: readonly string[]) {
  return {
    undocumented: [...readByCode].filter((name) => !listed.includes(name)).sort(),
    stale: listed.filter((name) => !readByCode.has(name)).sort(),
    twice: listed.filter((name, index) => listed.indexOf(name) !== index),
  };
}

describe('the environment variables are documented', () => {
  it('finds reads through process.env, an env parameter and a bracket, not in comments', () => {
    const source = [
      "const url = process.env.DATABASE_URL ?? '';",
      'const port = env.PORT;',
      "const key = env['MFA_ENCRYPTION_KEY'];",
      ' * RailAuthModule.forRoot({ jwt: { secret: process.env.EXAMPLE_SECRET } })',
      '// process.env.SEARCH_URL in a comment',
    ].join('\n');
    expect(variablesReadIn(source)).toEqual(['DATABASE_URL', 'PORT', 'MFA_ENCRYPTION_KEY']);
  });

  it('sees the variables of the app and of the libraries', () => {
    // The app's own, a library's fallback (core), tracing's (observability).
    for (const name of ['RAIL_ROLES_FILE', 'DATABASE_URL', 'NODE_ENV', 'OTEL_EXPORTER_OTLP_ENDPOINT']) {
      expect(readByCode).toContain(name);
    }
  });

  it('lists every variable the code reads in .env.example, once, and none that nothing reads', () => {
    expect(compare(listedInEnvExample())).toEqual({ undocumented: [], stale: [], twice: [] });
  });

  it('lists every variable the code reads in docs/configuration.md, once, and none that nothing reads', () => {
    expect(compare(listedInDocs())).toEqual({ undocumented: [], stale: [], twice: [] });
  });
});
