import { RailLogger } from '@rail/observability';
import request from 'supertest';
import { TEST_PASSWORD } from './support/seeded-template.js';
import { captureLogLines, type LogLine } from './support/captured-log-lines.js';
import { startStoreApp, type StoreApp } from './support/store-app.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const REFRESH = `mutation Refresh($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken } }`;

/** The line a request ended with (pino-http's), found by its request id. */
const requestLine = (requestId: string) => (line: LogLine) =>
  line.requestId === requestId && typeof line.durationMs === 'number';

describe('logs', () => {
  const capture = captureLogLines();
  let store: StoreApp;
  /** Every credential the app handed out or was given during the test. */
  const secrets: string[] = [TEST_PASSWORD];

  beforeAll(async () => {
    store = await startStoreApp({ user: null, imports: [capture.module], env: { LOG_LEVEL: 'info' } });
    // As main.ts does: the Nest logger (AuthEvents, SecurityEvents, errors) writes through pino.
    store.app.useLogger(store.app.get(RailLogger));
  });
  afterAll(() => store.close());

  it('sums up each request in one JSON line: request id, user, company, operation, duration, outcome', async () => {
    const login = await store.signIn('catalog_admin@acme.example');
    secrets.push(login.accessToken!, login.refreshToken!);
    const response = await store
      .graphql(
        'query ObservedProducts { products(limit: 2) { name } }',
        {},
        {
          ...bearer(login.accessToken!),
          'X-Request-ID': 'logs-products-1',
        },
      )
      .expect(200);
    expect(response.body.errors).toBeUndefined();

    const line = await capture.lines.find(requestLine('logs-products-1'));
    expect(line).toMatchObject({
      level: 'info',
      requestId: 'logs-products-1',
      userId: expect.any(String),
      companyId: '1',
      route: '/graphql',
      req: { method: 'POST', url: '/graphql' },
      res: { statusCode: 200 },
      graphql: { operation: 'ObservedProducts', type: 'query', outcome: 'success', errorCodes: [] },
      msg: 'POST /graphql 200',
    });
    expect(line.durationMs).toBeGreaterThanOrEqual(0);
    expect(typeof line.time).toBe('string');
  });

  it("uses the request context's id when the client sends none, and says which errors a request had", async () => {
    const response = await store
      .graphql('query NotSignedIn { products(limit: 1) { name } }', {}, bearer('not-a-token'))
      .expect(200);
    expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const requestId = String(response.headers['x-request-id']);
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const line = await capture.lines.find(requestLine(requestId));
    expect(line).toMatchObject({
      level: 'warn',
      graphql: { operation: 'NotSignedIn', outcome: 'error', errorCodes: ['UNAUTHENTICATED'] },
    });
    expect(line).not.toHaveProperty('userId');
  });

  it('names REST routes by their template and masks credentials in query strings', async () => {
    const login = await store.signIn('sales@acme.example');
    secrets.push(login.accessToken!, login.refreshToken!);
    await request(store.app.getHttpServer())
      .get('/api/v1/tasks/00000000-0000-0000-0000-000000000000?access_token=leaky-value&page=2')
      .set({ ...bearer(login.accessToken!), 'X-Request-ID': 'logs-rest-1' });
    const line = await capture.lines.find(requestLine('logs-rest-1'));
    expect(line).toMatchObject({
      route: '/api/v1/tasks/:id',
      req: {
        method: 'GET',
        url: '/api/v1/tasks/00000000-0000-0000-0000-000000000000?access_token=[REDACTED]&page=2',
      },
      companyId: '1',
    });
  });

  it('writes the Nest logs (auth events) as JSON lines of their request', async () => {
    await store.graphql(
      'mutation { login(email: "catalog_viewer@acme.example", password: "wrong-password") { accessToken } }',
      {},
      { 'X-Request-ID': 'logs-failed-login' },
    );
    const event = await capture.lines.find(
      (line) => line.context === 'AuthEvents' && line.requestId === 'logs-failed-login',
    );
    expect(event.level).toBe('info');
    expect(String(event.msg)).toContain('auth.login.failed');
    expect(String(event.msg)).not.toContain('wrong-password');
  });

  it('lets no token, password or refresh token reach a line, through sign-in, MFA, refresh and reuse', async () => {
    // A session with MFA enrolment (an MFA token, a TOTP secret, recovery codes), then plain sessions.
    const admin = await store.fullSession('admin@acme.example');
    secrets.push(admin.authorization.slice('Bearer '.length));
    const login = await store.signIn('catalog_editor@acme.example');
    secrets.push(login.accessToken!, login.refreshToken!);
    await store.graphql('query Me { me { email } }', {}, bearer(login.accessToken!)).expect(200);
    await store.graphql('query AdminMe { me { email } }', {}, admin).expect(200);
    const refreshed = await store.graphql(REFRESH, { t: login.refreshToken }, {}).expect(200);
    const rotated = refreshed.body.data.refreshToken as { accessToken: string; refreshToken: string };
    secrets.push(rotated.accessToken, rotated.refreshToken);
    // Reusing the spent refresh token: detected, logged as an event, the family revoked.
    const reuse = await store.graphql(REFRESH, { t: login.refreshToken }, {}).expect(200);
    expect(reuse.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    // A token in the path (an export link is base64url JSON, like a JWT) and a forged bearer token.
    await request(store.app.getHttpServer()).get(`/api/v1/export/files/${rotated.accessToken}`);
    await store.graphql('query Forged { me { email } }', {}, bearer(`${rotated.accessToken}x`));
    await capture.lines.find((line) => line.context === 'AuthEvents' && String(line.msg).includes('reuse'));
    await capture.lines.find((line) => line.route === '/api/v1/export/files/:token');

    const lines = capture.lines.parsed();
    expect(lines.length).toBeGreaterThan(10);
    for (const raw of capture.lines.raw) {
      expect(raw).not.toContain('eyJ');
      for (const secret of secrets) expect(raw).not.toContain(secret);
    }
    // Every request of the test has its line, and none carries headers.
    expect(lines.filter((line) => line.graphql).length).toBeGreaterThan(8);
    expect(lines.some((line) => JSON.stringify(line).includes('authorization'))).toBe(false);
  });
});
