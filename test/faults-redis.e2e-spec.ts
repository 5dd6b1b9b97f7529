import request from 'supertest';
import { startStoreApp, type StoreApp } from './support/store-app.js';
import { TEST_PASSWORD } from './support/seeded-template.js';
import { testServices } from './support/services.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`;
const EXPORT = { format: 'csv', model: 'Product', fields: ['id', 'name'] };
/** The query bucket of this app: low enough to reach, so that "fails open" is not "never counted". */
const QUERY_LIMIT = 3;
/** A stalled Redis costs a sign-in at most the command timeout (1 s), then the database counts; slack included. */
const STALL_BOUND_MS = 4_000;

const redis = testServices().redisUrl ? describe : describe.skip;

// A test-owned proxy between the app and Redis makes Redis refuse or stall without touching the
// Redis the other test files use. What each feature does then is decided in docs/operations.md.
redis('Redis faults (Redis behind a test proxy)', () => {
  let proxy: TcpProxy;
  let store: StoreApp;

  beforeAll(async () => {
    const direct = new URL(testServices().redisUrl ?? '');
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 6379) });
    const proxied = new URL(direct);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    store = await startStoreApp({
      user: null,
      env: { REDIS_URL: proxied.toString(), RAIL_RATE_LIMIT_QUERY: `${QUERY_LIMIT}/1m` },
    });
  });
  afterAll(async () => {
    await proxy?.set('pass');
    await store?.close();
    await proxy?.close();
  });

  const http = () => request(store.app.getHttpServer());
  const login = (email: string, password: string) =>
    store.graphql(LOGIN, { email, password }).timeout(15_000);

  it('is ready while Redis answers (the control)', async () => {
    const ready = await http().get('/health/ready').expect(200);
    expect(ready.body.status).toBe('ok');
    expect(ready.body.components.redis.status).toBe('up');
  });

  describe('while Redis refuses connections', () => {
    beforeAll(() => proxy.set('refuse'));
    afterAll(() => proxy.set('pass'));

    it('signs in: the lockout counts in the database instead', async () => {
      const response = await login('support@acme.example', TEST_PASSWORD);
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data.login.accessToken).toEqual(expect.any(String));
    });

    it('still counts wrong passwords and locks the account, even for the right password then', async () => {
      const email = 'sales@acme.example';
      // The account's limit (accountMaxFailures, 5 by default): the fifth failure sets the lock.
      for (let attempt = 1; attempt <= 5; attempt++) {
        const wrong = await login(email, 'not-the-password');
        expect(wrong.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      }
      const locked = await login(email, TEST_PASSWORD);
      expect(locked.body.errors[0].extensions.code).toBe('RATE_LIMITED');
      expect(locked.body.data).toEqual({ login: null });
    });

    it('refuses an export with 503 SERVICE_UNAVAILABLE and a code, before anything is written', async () => {
      const headers = await store.fullSession('catalog_admin@acme.example');
      const response = await http().post('/api/v1/export').set(headers).send(EXPORT).timeout(15_000);
      expect(response.status).toBe(503);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.headers['content-disposition']).toBeUndefined();
      expect(response.headers['retry-after']).toBe('5');
      expect(response.body).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', retryAfter: 5 });
    });

    it('reports readiness as degraded, naming Redis, with status 200: the instance still serves', async () => {
      const ready = await http().get('/health/ready').expect(200);
      expect(ready.body).toMatchObject({
        status: 'degraded',
        degraded: ['redis'],
        components: { database: { status: 'up' }, redis: { status: 'down', reason: 'error' } },
      });
    });

    it('lets queries through past the rate limit (fails open), where Redis up refuses the same number', async () => {
      const headers = await store.fullSession('support@acme.example');
      for (let hit = 1; hit <= QUERY_LIMIT + 2; hit++) {
        const response = await store.graphql('{ me { email } }', undefined, headers).expect(200);
        expect(response.body.errors).toBeUndefined();
      }
      // The control: with Redis back, the same user is counted again and refused over the limit.
      await proxy.set('pass');
      await waitFor(async () => (await http().get('/health/ready')).body.status === 'ok');
      const codes: string[] = [];
      for (let hit = 1; hit <= QUERY_LIMIT + 1; hit++) {
        const response = await store.graphql('{ me { email } }', undefined, headers);
        codes.push(response.body.errors?.[0]?.extensions.code ?? 'ok');
      }
      expect(codes).toContain('RATE_LIMITED');
      await proxy.set('refuse');
    });
  });

  it('signs in within the command timeout while Redis stalls (accepts, never answers)', async () => {
    // Every client connected again after the refusals above (they back off up to 2 s), so that the
    // stall hits established connections: commands are sent and never answered.
    await waitFor(async () => (await http().get('/health/ready')).body.status === 'ok');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await proxy.set('stall');
    try {
      const started = Date.now();
      const response = await login('catalog_viewer@acme.example', TEST_PASSWORD);
      const elapsed = Date.now() - started;
      // Waited for the command timeout (the stall was met), and no longer than it and the fallback.
      expect(elapsed).toBeGreaterThanOrEqual(900);
      expect(elapsed).toBeLessThan(STALL_BOUND_MS);
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data.login.accessToken).toEqual(expect.any(String));
    } finally {
      await proxy.set('pass');
    }
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
