import type { AddressInfo } from 'node:net';
import { auditServer, type AuditResult } from 'graphql-http';
import { startStoreApp, type StoreApp } from './support/store-app.js';

/**
 * The GraphQL over HTTP specification's server audit (graphql-http), run
 * against the sample app with its default hardening on (CSRF prevention,
 * limits, the JSON body parser). Every MUST holds; SHOULDs and MAYs are
 * printed when they do not, for the record.
 */
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

  it('lists the SHOULD and MAY points it does not meet', () => {
    const others = results.filter((result) => !result.name.startsWith('MUST') && result.status !== 'ok');
    // Recorded, not enforced: e.g. Apollo's CSRF prevention answers some GET probes with 400.
    console.info(
      others.map((result) => `${result.name}: ${result.status === 'ok' ? '' : result.reason}`).join('\n') ||
        'all SHOULD and MAY points met',
    );
    expect(results.some((result) => result.status === 'ok')).toBe(true);
  });
});
