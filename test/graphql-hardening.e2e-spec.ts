import { randomBytes } from 'node:crypto';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lexer, Source, TokenKind } from 'graphql';
import request from 'supertest';
import { parsePrometheusText, sampleValue } from './support/prometheus-text.js';
import { startStoreApp, type StoreApp } from './support/store-app.js';

/** Environment a production start needs (strong secrets), as in the error-masking tests. */
const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  JWT_SECRET: 'a-production-secret-of-at-least-32-bytes!',
  MFA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  EXPORT_SIGNING_SECRET: 'a-production-export-link-secret-of-32-bytes',
};

/** `categories(limit: 1) { parent { parent { … { id } } } }`: `depth` field levels, the leaf included. */
function nested(depth: number): string {
  let selection = 'id';
  for (let level = 2; level < depth; level++) selection = `parent { ${selection} }`;
  return `{ categories(limit: 1) { ${selection} } }`;
}

const typenameAliases = (count: number) =>
  `{ ${Array.from({ length: count }, (_, index) => `t${index}: __typename`).join(' ')} }`;

const directives = (count: number) =>
  `{ ${Array.from({ length: count }, () => '__typename @include(if: true)').join(' ')} }`;

/** The lexical tokens of a document, as the parser counts them. */
function tokenCount(document: string): number {
  const lexer = new Lexer(new Source(document));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count++;
  return count;
}

/**
 * A valid query of exactly `count` tokens: a filter whose `notIn` lists (at most
 * 1000 values each) hold enough names. Many repeated fields would not do: graphql-js
 * stops validating a document with thousands of overlapping fields on its own.
 */
function tokens(count: number): string {
  const lists: string[][] = [[]];
  const build = () =>
    `{ products(limit: 1, where: { AND: [${lists
      .map((values) => `{ name: { notIn: [${values.join(' ')}] } }`)
      .join(' ')}] }) { id } }`;
  // Each value is one token; a new list adds a few more, so the count is re-checked after each step.
  for (let missing = count - tokenCount(build()); missing > 0; missing = count - tokenCount(build())) {
    const last = lists[lists.length - 1];
    if (last.length === 1000) {
      lists.push([]);
      continue;
    }
    const add = Math.min(missing, 1000 - last.length);
    for (let index = 0; index < add; index++) last.push(`"n${last.length}"`);
  }
  const document = build();
  if (tokenCount(document) !== count) throw new Error(`cannot build a document of exactly ${count} tokens`);
  return document;
}

/** A raw GraphQL POST body (APQ, batches), signed in like `store.graphql`. */
async function postAs(
  store: StoreApp,
  body: unknown,
  email: string | null = 'catalog_admin@acme.example',
): Promise<request.Response> {
  const post = request(store.app.getHttpServer()).post('/graphql');
  if (email) post.set('authorization', `Bearer ${(await store.signIn(email)).accessToken}`);
  return post.send(body as object);
}

function expectRefused(response: request.Response, code: string): void {
  expect(response.status).toBe(400);
  expect(response.body.errors?.[0]?.extensions?.code).toBe(code);
  expect(response.body.data).toBeUndefined();
}

function expectServed(response: request.Response): void {
  expect(response.status).toBe(200);
  expect(response.body.errors).toBeUndefined();
}

describe('GraphQL document limits (defaults)', () => {
  let store: StoreApp;
  beforeAll(async () => {
    store = await startStoreApp();
  });
  afterAll(() => store.close());

  it('depth: 10 levels run, 11 are refused with QUERY_TOO_DEEP', async () => {
    expectServed(await store.graphql(nested(10)));
    expectRefused(await store.graphql(nested(11)), 'QUERY_TOO_DEEP');
  });

  it('aliases: 30 run, 31 and 101 `__typename` aliases are refused with TOO_MANY_ALIASES', async () => {
    expectServed(await store.graphql(typenameAliases(30)));
    expectRefused(await store.graphql(typenameAliases(31)), 'TOO_MANY_ALIASES');
    expectRefused(await store.graphql(typenameAliases(101)), 'TOO_MANY_ALIASES');
  });

  it('directives: 20 run, 21 are refused with TOO_MANY_DIRECTIVES', async () => {
    expectServed(await store.graphql(directives(20)));
    expectRefused(await store.graphql(directives(21)), 'TOO_MANY_DIRECTIVES');
  });

  it('tokens: 5000 are parsed, 5001 are refused with TOO_MANY_TOKENS', async () => {
    const atLimit = await store.graphql(tokens(5000));
    expect(atLimit.body.errors).toBeUndefined();
    expectServed(atLimit);
    expectRefused(await store.graphql(tokens(5001)), 'TOO_MANY_TOKENS');
  });

  it('cost: list sizes multiply through, so a three-level fan-out of full pages is refused', async () => {
    const fanOut = '{ categories(limit: 100) { children(limit: 100) { products(limit: 100) { id } } } }';
    const response = await store.graphql(fanOut);
    expectRefused(response, 'QUERY_TOO_COMPLEX');
    expect(response.body.errors[0].message).toMatch(/cost \d+ exceeds the limit of 100000/);
  });

  it('counts each refusal by rule in the metrics', async () => {
    const blocked = async (rule: string) =>
      sampleValue(
        parsePrometheusText((await request(store.app.getHttpServer()).get('/metrics').expect(200)).text),
        'rail_requests_blocked_total',
        { rule },
      );
    const [depth, aliases, cost] = [await blocked('depth'), await blocked('aliases'), await blocked('cost')];
    await store.graphql(nested(11));
    await store.graphql(typenameAliases(31));
    await store.graphql(
      '{ categories(limit: 100) { children(limit: 100) { products(limit: 100) { id } } } }',
    );
    expect(await blocked('depth')).toBe(depth + 1);
    expect(await blocked('aliases')).toBe(aliases + 1);
    expect(await blocked('cost')).toBe(cost + 1);
  });

  it('a syntax error is a 400 with GRAPHQL_PARSE_FAILED, a validation error a 400 with GRAPHQL_VALIDATION_FAILED', async () => {
    expectRefused(await store.graphql('{ products(limit: 1) { id }'), 'GRAPHQL_PARSE_FAILED');
    expectRefused(await store.graphql('{ products(limit: 1) { nope } }'), 'GRAPHQL_VALIDATION_FAILED');
  });

  it('GET never runs a mutation', async () => {
    const response = await request(store.app.getHttpServer())
      .get('/graphql')
      .query({ query: 'mutation { logout }' })
      .set('apollo-require-preflight', 'true');
    expect(response.status).toBe(405);
    expect(JSON.stringify(response.body)).not.toContain('"data"');
  });

  it('a text/plain POST (a CSRF "simple request") is refused before it runs', async () => {
    const response = await request(store.app.getHttpServer())
      .post('/graphql')
      .set('content-type', 'text/plain')
      .send(JSON.stringify({ query: 'mutation { logout }' }));
    expect(response.status).toBe(400);
    expect(response.text).toMatch(/Cross-Site Request Forgery/);
  });

  it('a JSON batch is refused with BATCHING_NOT_ALLOWED', async () => {
    const response = await request(store.app.getHttpServer())
      .post('/graphql')
      .send([{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expectRefused(response, 'BATCHING_NOT_ALLOWED');
  });

  it('automatic persisted queries work outside production', async () => {
    const query = '{ products(limit: 1) { id } }';
    const extensions = {
      persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') },
    };
    const miss = await postAs(store, { extensions });
    expect(miss.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expectServed(await postAs(store, { query, extensions }));
    const hit = await postAs(store, { extensions });
    expectServed(hit);
    expect(hit.body.data.products).toHaveLength(1);
  });

  it('answers with security headers and without CORS for an origin that is not allowed', async () => {
    const response = await store.graphql('{ __typename }').set('origin', 'https://evil.example');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBeDefined();
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('compresses a large response and leaves a small one alone', async () => {
    const large = await store
      .graphql('{ products(limit: 100) { id name sku price status createdAt } }')
      .set('accept-encoding', 'gzip');
    expect(large.headers['content-encoding']).toBe('gzip');
    expect(large.body.data.products).toHaveLength(100);
    const small = await store.graphql('{ __typename }').set('accept-encoding', 'gzip');
    expect(small.headers['content-encoding']).toBeUndefined();
  });
});

describe('GraphQL limits from configuration', () => {
  let store: StoreApp;
  beforeAll(async () => {
    store = await startStoreApp({
      env: {
        RAIL_GRAPHQL_MAX_COST: '201',
        RAIL_GRAPHQL_BATCH_MAX: '2',
        RAIL_BODY_LIMIT_BYTES: '2048',
        RAIL_CORS_ORIGINS: 'https://app.example.com',
      },
    });
  });
  afterAll(() => store.close());

  it('cost: exactly at the limit runs, one more is refused with QUERY_TOO_COMPLEX', async () => {
    // 1 for the list field + 100 × 2 fields.
    expectServed(await store.graphql('{ products(limit: 100) { id name } }'));
    const over = await store.graphql(
      '{ products(limit: 100) { id name } products2: products(limit: 1) { id } }',
    );
    expectRefused(over, 'QUERY_TOO_COMPLEX');
    expectRefused(await store.graphql('{ products(limit: 100) { id name sku } }'), 'QUERY_TOO_COMPLEX');
    // A variable counts with its value.
    expectServed(await store.graphql('query($n: Int!) { products(limit: $n) { id name } }', { n: 100 }));
    expectRefused(
      await store.graphql('query($n: Int!) { products(limit: $n) { id name } }', { n: 101 }),
      'QUERY_TOO_COMPLEX',
    );
  });

  it('batching, when enabled, runs a batch up to its cap and refuses a bigger one', async () => {
    const server = store.app.getHttpServer();
    const one = { query: '{ __typename }' };
    const served = await request(server).post('/graphql').send([one, one]);
    expect(served.status).toBe(200);
    expect(served.body).toEqual([{ data: { __typename: 'Query' } }, { data: { __typename: 'Query' } }]);
    expectRefused(await request(server).post('/graphql').send([one, one, one]), 'BATCHING_NOT_ALLOWED');
  });

  it('a body over the cap gets 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await store.graphql(`{ __typename }${' '.repeat(4096)}`);
    expect(response.status).toBe(413);
    expect(response.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('CORS answers an allowed origin and ignores any other', async () => {
    const server = store.app.getHttpServer();
    const allowed = await request(server)
      .options('/graphql')
      .set('origin', 'https://app.example.com')
      .set('access-control-request-method', 'POST')
      .set('access-control-request-headers', 'content-type,authorization');
    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
    const other = await request(server)
      .options('/graphql')
      .set('origin', 'https://evil.example')
      .set('access-control-request-method', 'POST');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('GraphQL in production', () => {
  let store: StoreApp;
  beforeAll(async () => {
    store = await startStoreApp({ env: { ...PRODUCTION_ENV, RAIL_INTROSPECTION_ROLES: 'admin' } });
  });
  afterAll(() => store.close());

  it('refuses introspection, except for a role allowed to introspect', async () => {
    expectRefused(await store.graphql('{ __schema { queryType { name } } }'), 'GRAPHQL_VALIDATION_FAILED');
    expectRefused(await store.graphql('{ __type(name: "Product") { name } }'), 'GRAPHQL_VALIDATION_FAILED');
    const admin = await store.fullSession('admin@acme.example');
    const allowed = await store.graphql('{ __schema { queryType { name } } }', undefined, admin);
    expectServed(allowed);
    expect(allowed.body.data.__schema.queryType.name).toBe('Query');
  });

  it('a misspelled field gets no suggestion, and no error carries a stack trace', async () => {
    const response = await store.graphql('{ productz(limit: 1) { id } }');
    expectRefused(response, 'GRAPHQL_VALIDATION_FAILED');
    expect(response.body.errors[0].message).toMatch(/Cannot query field "productz"/);
    expect(response.body.errors[0].message).not.toMatch(/Did you mean/);
    expect(JSON.stringify(response.body)).not.toMatch(/stacktrace|\.ts:\d+/);
  });

  it('serves no landing page or IDE', async () => {
    const response = await request(store.app.getHttpServer()).get('/graphql').set('accept', 'text/html');
    expect(response.headers['content-type'] ?? '').not.toMatch(/text\/html/);
    expect(response.text).not.toMatch(/graphiql|<html/i);
  });

  it('sends HSTS and a content security policy', async () => {
    const response = await store.graphql('{ __typename }');
    expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(response.headers['content-security-policy']).toMatch(/default-src 'self'/);
  });

  it('turns automatic persisted queries off', async () => {
    const query = '{ __typename }';
    const extensions = {
      persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') },
    };
    const response = await postAs(store, { query, extensions }, null);
    expect(response.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
  });
});

describe('trusted documents', () => {
  let store: StoreApp;
  let manifestDir: string;
  const trusted = '{ health { status } }';
  const trustedHash = createHash('sha256').update(trusted).digest('hex');
  beforeAll(async () => {
    manifestDir = mkdtempSync(join(tmpdir(), 'rail-trusted-'));
    const manifest = join(manifestDir, 'persisted-documents.json');
    writeFileSync(manifest, JSON.stringify({ [trustedHash]: trusted }));
    store = await startStoreApp({ user: null, env: { ...PRODUCTION_ENV, RAIL_TRUSTED_DOCUMENTS: manifest } });
  });
  afterAll(async () => {
    await store.close();
    rmSync(manifestDir, { recursive: true, force: true });
  });

  it('runs a trusted document sent by hash or as its exact text, and refuses any other', async () => {
    const byHash = await postAs(
      store,
      { extensions: { persistedQuery: { version: 1, sha256Hash: trustedHash } } },
      null,
    );
    expect(byHash.status).toBe(200);
    // The manifest's document ran: an anonymous caller is refused by the resolver, not by the gate.
    expect(byHash.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const byText = await postAs(store, { query: trusted }, null);
    expect(byText.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expectRefused(await postAs(store, { query: '{ __typename }' }, null), 'PERSISTED_QUERY_NOT_ALLOWED');
    expectRefused(
      await postAs(
        store,
        { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } },
        null,
      ),
      'PERSISTED_QUERY_NOT_ALLOWED',
    );
    const get = await request(store.app.getHttpServer())
      .get('/graphql')
      .query({ query: '{ __typename }' })
      .set('apollo-require-preflight', 'true');
    expectRefused(get, 'PERSISTED_QUERY_NOT_ALLOWED');
  });

  it('a manifest entry that does not hash to its key stops the start', async () => {
    const bad = join(manifestDir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ['b'.repeat(64)]: trusted }));
    await expect(
      startStoreApp({ user: null, env: { ...PRODUCTION_ENV, RAIL_TRUSTED_DOCUMENTS: bad } }),
    ).rejects.toThrow(/does not hash to it/);
  });
});
