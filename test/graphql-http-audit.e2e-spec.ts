import type { AddressInfo } from 'node:net';
import { auditServer, type AuditResult } from 'graphql-http';
import { startStoreApp, type StoreApp } from './support/store-app.js';

/**
 * The GraphQL over HTTP specification's server audit (graphql-http), run
 * against the sample app with its default hardening on (CSRF prevention,
 * limits, the JSON body parser). Every MUST holds; SHOULDs and MAYs are
 * printed when they do not, for the record.
 */
/** SHOULD/MAY points the app does not meet, and why (docs/security.md, GraphQL over HTTP). */
const REVIEWED_MISSES: Readonly<Record<string, string>> = {
  'MAY accept application/x-www-form-urlencoded formatted GET requests':
    'CSRF prevention: a GET needs a preflight header or a JSON content type',
  'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/graphql-response+json':
    "CSRF prevention refuses the audit's bare GETs",
  'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/json':
    "CSRF prevention refuses the audit's bare GETs",
  'SHOULD use 200 status code on document parsing failure when accepting application/json':
    'refusals are 400 with a code, never 200 (the security issue asks for it)',
  'SHOULD use 200 status code on document validation failure when accepting application/json':
    'refusals are 400 with a code, never 200',
  'SHOULD use a status code of 200 on variable coercion failure when accepting application/json':
    'bad input is 400 BAD_USER_INPUT, never 200',
};

describe('GraphQL over HTTP audit', () => {
  let store: StoreApp;
  let results: AuditResult[];
  beforeAll(async () => {
    store = await startStoreApp({ user: null });
    await store.app.listen(0, '127.0.0.1');
    const { port } = store.app.getHttpServer().address() as AddressInfo;
    results = await auditServer({ url: `http://127.0.0.1:${port}/graphql` });
  });
  afterAll(() => store.close());

  it('reports no MUST failure', () => {
    expect(results.length).toBeGreaterThan(20);
    const mustFailures = results
      .filter((result) => result.name.startsWith('MUST') && result.status !== 'ok')
      .map((result) => `${result.name}: ${result.status === 'ok' ? '' : result.reason}`);
    expect(mustFailures).toEqual([]);
  });

  it('misses only the reviewed SHOULD and MAY points, each on purpose', () => {
    const missed = results
      .filter((result) => !result.name.startsWith('MUST') && result.status !== 'ok')
      .map((result) => result.name)
      .sort();
    // A new miss fails here (review it, then list it); a point now met must leave the list too.
    expect(missed).toEqual(Object.keys(REVIEWED_MISSES).sort());
  });
});
