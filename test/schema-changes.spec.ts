import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  classifySchemaChanges,
  formatChange,
  judgeSchemaChange,
  type SchemaChange,
} from '../.ci/schema-diff.mjs';

// The words a reviewer reads about a schema change (BREAKING / DANGEROUS / SAFE
// and the path), and CI's decision on them: a commit that breaks clients says
// so in its message, or it does not pass.

const BEFORE = `
type Query {
  product(id: ID!): Product
  products(search: String): [Product!]!
}

type Product {
  id: ID!
  name: String!
  price: Float
}
`;
const WITHOUT_PRICE = BEFORE.replace('  price: Float\n', '');
const SEARCH_REQUIRED = BEFORE.replace('products(search: String)', 'products(search: String!)');
const WITH_SKU = BEFORE.replace('  price: Float\n', '  price: Float\n  sku: String\n');

const levelsByPath = (changes: SchemaChange[]) => changes.map((change) => `${change.level} ${change.path}`);

describe('classifySchemaChanges', () => {
  it('calls a removed field BREAKING, with its path and a message a reviewer can read', async () => {
    const changes = await classifySchemaChanges(BEFORE, WITHOUT_PRICE);
    expect(changes.map(formatChange)).toEqual([
      "BREAKING Product.price: Field 'price' was removed from object type 'Product'",
    ]);
  });

  it('calls an argument narrowed from nullable to non-null BREAKING', async () => {
    const changes = await classifySchemaChanges(BEFORE, SEARCH_REQUIRED);
    expect(levelsByPath(changes)).toEqual(['BREAKING Query.products.search']);
  });

  it('calls an added optional field SAFE', async () => {
    const changes = await classifySchemaChanges(BEFORE, WITH_SKU);
    expect(levelsByPath(changes)).toEqual(['SAFE Product.sku']);
  });

  it('finds no change between equal schemas', async () => {
    await expect(classifySchemaChanges(BEFORE, BEFORE)).resolves.toEqual([]);
  });

  it('lists the breaking changes first', async () => {
    const both = WITH_SKU.replace('  name: String!\n', '');
    const changes = await classifySchemaChanges(BEFORE, both);
    expect(levelsByPath(changes)).toEqual(['BREAKING Product.name', 'SAFE Product.sku']);
  });
});

describe('judgeSchemaChange', () => {
  const removed: SchemaChange[] = [{ level: 'BREAKING', path: 'Product.price', message: 'removed' }];
  const added: SchemaChange[] = [{ level: 'SAFE', path: 'Product.sku', message: 'added' }];

  it('refuses a breaking change with no acknowledgment', () => {
    expect(judgeSchemaChange({ changes: removed, acknowledgments: [] }).pass).toBe(false);
  });

  it('refuses an acknowledgment that gives no reason', () => {
    expect(judgeSchemaChange({ changes: removed, acknowledgments: ['', '  '] }).pass).toBe(false);
  });

  it('accepts a breaking change acknowledged with a reason, and repeats the reason', () => {
    const judgment = judgeSchemaChange({ changes: removed, acknowledgments: ['price moves to Offer'] });
    expect(judgment).toEqual({ pass: true, verdict: '1 breaking, acknowledged: price moves to Offer' });
  });

  it('accepts safe changes without an acknowledgment', () => {
    expect(judgeSchemaChange({ changes: added, acknowledgments: [] }).pass).toBe(true);
  });

  it('accepts a commit with no previous version: nothing to compare', () => {
    expect(judgeSchemaChange({ changes: null, acknowledgments: [] })).toEqual({
      pass: true,
      verdict: 'no previous version: nothing to compare',
    });
  });
});

// The CI script itself, on real git repositories made for each case.
describe('.ci/schema-changes.mjs on a git history', () => {
  const SCRIPT = join(import.meta.dirname, '..', '.ci', 'schema-changes.mjs');
  const SCHEMA = 'apps/store-api/schema.graphql';
  const ROOT = mkdtempSync(join(tmpdir(), 'rail-schema-changes-'));
  // No global or system git configuration (signing, hooks, templates) may change the commits.
  const env = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'Rail Test',
    GIT_AUTHOR_EMAIL: 'test@rail.invalid',
    GIT_COMMITTER_NAME: 'Rail Test',
    GIT_COMMITTER_EMAIL: 'test@rail.invalid',
  };
  let repositories = 0;

  afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

  function git(repository: string, ...args: string[]): string {
    const result = spawnSync('git', args, { cwd: repository, env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  }

  function write(repository: string, path: string, text: string): void {
    mkdirSync(dirname(join(repository, path)), { recursive: true });
    writeFileSync(join(repository, path), text);
  }

  /** A repository in which the check is in force (it holds .ci/schema-changes.mjs) unless told otherwise. */
  function repository({ checkInForce = true } = {}): string {
    const path = join(ROOT, `repository-${++repositories}`);
    mkdirSync(path);
    git(path, 'init', '--quiet', '--initial-branch=main');
    if (checkInForce) write(path, '.ci/schema-changes.mjs', '// the check is in force in this history\n');
    return path;
  }

  function commitSchema(path: string, sdl: string, message: string, ...trailers: string[]): void {
    write(path, SCHEMA, sdl);
    git(path, 'add', '--all');
    git(path, 'commit', '--quiet', '-m', message, ...trailers.flatMap((trailer) => ['--trailer', trailer]));
  }

  function check(path: string): { status: number | null; output: string } {
    const result = spawnSync(process.execPath, [SCRIPT], { cwd: path, env, encoding: 'utf8' });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  it('passes the file’s first commit: no previous version, nothing to compare', () => {
    const path = repository();
    commitSchema(path, BEFORE, 'the schema');
    const { status, output } = check(path);
    expect(output).toContain('no previous version: nothing to compare');
    expect(status).toBe(0);
  });

  it('fails a breaking change that its commit does not acknowledge, also behind later safe commits', () => {
    const path = repository();
    commitSchema(path, BEFORE, 'the schema');
    commitSchema(path, WITHOUT_PRICE, 'products lose their price');
    const first = check(path);
    expect(first.output).toContain("BREAKING Product.price: Field 'price' was removed");
    expect(first.status).toBe(1);

    // A later commit must not hide it: every commit that changed the file is judged.
    commitSchema(path, WITHOUT_PRICE.replace('  name: String!\n', '  name: String!\n  sku: String\n'), 'sku');
    const later = check(path);
    expect(later.output).toContain('SAFE Product.sku');
    expect(later.output).toContain('BREAKING Product.price');
    expect(later.status).toBe(1);
  });

  it('passes a breaking change whose commit gives a Breaking-Schema-Change trailer', () => {
    const path = repository();
    commitSchema(path, BEFORE, 'the schema');
    commitSchema(
      path,
      SEARCH_REQUIRED,
      'search is required',
      'Breaking-Schema-Change: listing all products is gone',
    );
    git(path, 'commit', '--quiet', '--allow-empty', '-m', 'an unrelated commit');
    const { status, output } = check(path);
    expect(output).toContain('BREAKING Query.products.search');
    expect(output).toContain('acknowledged: listing all products is gone');
    expect(status).toBe(0);
  });

  it('does not judge changes made before the check existed', () => {
    const path = repository({ checkInForce: false });
    commitSchema(path, BEFORE, 'the schema');
    commitSchema(path, WITHOUT_PRICE, 'products lose their price');
    write(path, '.ci/schema-changes.mjs', '// the check arrives\n');
    git(path, 'add', '--all');
    git(path, 'commit', '--quiet', '-m', 'the check');
    const { status, output } = check(path);
    expect(output).toContain('BREAKING Product.price');
    expect(output).toContain('made before this check existed: not judged');
    expect(status).toBe(0);
  });

  it('passes a shallow clone, saying that history beyond its depth is not compared', () => {
    const path = repository();
    commitSchema(path, BEFORE, 'the schema');
    commitSchema(path, WITHOUT_PRICE, 'products lose their price');
    const shallow = join(ROOT, `shallow-${++repositories}`);
    git(ROOT, 'clone', '--quiet', '--depth=1', `file://${path}`, shallow);
    const { status, output } = check(shallow);
    expect(output).toContain('shallow clone');
    expect(output).toContain('no previous version: nothing to compare');
    expect(status).toBe(0);
  });

  it('fails when the schema is not committed', () => {
    const path = repository();
    git(path, 'add', '--all');
    git(path, 'commit', '--quiet', '-m', 'no schema yet');
    const { status, output } = check(path);
    expect(output).toContain('apps/store-api/schema.graphql is not committed');
    expect(status).toBe(1);
  });
});
