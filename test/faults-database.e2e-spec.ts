import request from 'supertest';
import { startStoreApp, DEFAULT_TEST_USER, type StoreApp } from './support/store-app.js';
import { testServices } from './support/services.js';
import { startTcpProxy, type ProxyMode, type TcpProxy } from './support/tcp-proxy.js';
import { createTestDatabase } from './support/test-database.js';

/** A read that needs the session check and the database: the signed-in user's own row. */
const ME = '{ me { email } }';
const EXPORT = { format: 'csv', model: 'Product', fields: ['id', 'name'] };

/** The limits of this test, small so that it is fast (docs/database.md has the defaults). */
const LIMITS = {
  RAIL_STATEMENT_TIMEOUT_MS: '1000',
  RAIL_DATABASE_QUERY_TIMEOUT_MS: '1500',
  RAIL_DATABASE_CONNECT_TIMEOUT_MS: '1000',
};
/** What a request may take at most while the database stalls: a connect or query timeout, and slack. */
const STALL_BOUND_MS = 5_000;

const postgres = testServices().postgresUrl ? describe : describe.skip;

// A test-owned proxy between the app and PostgreSQL makes the database refuse, drop or stall
// connections without touching the server the other test files use. The embedded database
// has no connection to break.
postgres('database faults (PostgreSQL behind a test proxy)', () => {
  let proxy: TcpProxy;
  let store: StoreApp;
  let bearer: Record<string, string>;

  beforeAll(async () => {
    const database = await createTestDatabase('seeded');
    const direct = new URL(database.env.DATABASE_URL ?? '');
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const proxied = new URL(direct);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    store = await startStoreApp({ database, env: { ...LIMITS, DATABASE_URL: proxied.toString() } });
    const login = await store.signIn(DEFAULT_TEST_USER);
    bearer = { authorization: `Bearer ${login.accessToken}` };
  });
  afterAll(async () => {
    await proxy?.set('pass');
    await store?.close();
    await proxy?.close();
  });

  const exportNow = () =>
    request(store.app.getHttpServer()).post('/api/v1/export').set(bearer).send(EXPORT).timeout(15_000);
  const me = () => store.graphql(ME).timeout(15_000);

  async function expectServedNormally(): Promise<void> {
    const graphql = await me();
    expect(graphql.status).toBe(200);
    expect(graphql.body).toEqual({ data: { me: { email: DEFAULT_TEST_USER } } });
    const rest = await exportNow();
    expect(rest.status).toBe(200);
    expect(rest.headers['content-type']).toMatch(/^text\/csv/);
  }

  /** 503 SERVICE_UNAVAILABLE with Retry-After, on GraphQL and REST; never a sign-out. */
  async function expectUnavailable(): Promise<void> {
    const graphql = await me();
    expect(graphql.status).toBe(503);
    expect(graphql.headers['retry-after']).toBe('5');
    expect(graphql.body.data).toBeNull();
    expect(
      graphql.body.errors.map((error: { extensions: { code: string } }) => error.extensions.code),
    ).toEqual(['SERVICE_UNAVAILABLE']);
    expect(graphql.text).not.toMatch(/UNAUTHENTICATED|Authentication required|ECONN|127\.0\.0\.1/);

    const rest = await exportNow();
    expect(rest.status).toBe(503);
    expect(rest.headers['retry-after']).toBe('5');
    expect(rest.body).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', retryAfter: 5 });
    expect(rest.text).not.toMatch(/UNAUTHENTICATED|ECONN|127\.0\.0\.1/);
  }

  it('serves through the proxy (the control: what follows is the fault, not the set-up)', async () => {
    await expectServedNormally();
  });

  it.each<[ProxyMode, string]>([
    ['refuse', 'refused (down)'],
    ['drop', 'dropped on connect (crashing)'],
  ])(
    'answers 503 SERVICE_UNAVAILABLE with Retry-After on GraphQL and REST while the database is %s, then serves again',
    async (mode) => {
      await proxy.set(mode);
      await expectUnavailable();
      // A second round: the pool's broken connections are gone, new ones fail the same way.
      await expectUnavailable();
      await proxy.set('pass');
      await expectServedNormally();
    },
  );

  it('fails requests within the query and connect timeouts while the database stalls, instead of hanging', async () => {
    await proxy.set('stall');
    const started = Date.now();
    const [graphql, rest] = await Promise.all([me(), exportNow()]);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(STALL_BOUND_MS);
    expect(graphql.status).toBe(503);
    expect(graphql.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(rest.status).toBe(503);
    expect(rest.body.code).toBe('SERVICE_UNAVAILABLE');
    // New connections stall too (connect timeout), not only the pooled ones (query timeout).
    const again = Date.now();
    expect((await me()).status).toBe(503);
    expect(Date.now() - again).toBeLessThan(STALL_BOUND_MS);
    // The connections that never answered were taken out of the pool: nothing queues behind them.
    await proxy.set('pass');
    await expectServedNormally();
  });
});
