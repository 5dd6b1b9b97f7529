import { CapturedLogs } from './support/captured-logs.js';
import { startStoreApp, type StoreApp } from './support/store-app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const QUERY = '{ storeStats { products } }';

describe('request ids', () => {
  const logs = new CapturedLogs();
  let store: StoreApp;
  beforeAll(async () => {
    store = await startStoreApp({ logger: logs });
  });
  afterAll(() => store.close());

  it('echoes a sane X-Request-ID from the client', async () => {
    const response = await store.graphql(QUERY, {}, { 'X-Request-ID': 'edge-7f3a.42:retry/1' }).expect(200);
    expect(response.headers['x-request-id']).toBe('edge-7f3a.42:retry/1');
  });

  it('generates a UUID when the client sends none, a new one per request', async () => {
    const first = await store.graphql(QUERY).expect(200);
    const second = await store.graphql(QUERY).expect(200);
    expect(first.headers['x-request-id']).toMatch(UUID);
    expect(second.headers['x-request-id']).toMatch(UUID);
    expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
  });

  it.each([
    ['too long', 'a'.repeat(129)],
    ['invalid characters', 'id with spaces'],
    ['invalid characters', '"><script>alert(1)</script>'],
    ['invalid characters', 'caf\u00e9'],
  ])('replaces an id that is %s and says so in the log', async (reason, value) => {
    const response = await store.graphql(QUERY, {}, { 'X-Request-ID': value }).expect(200);
    const generated = response.headers['x-request-id'];
    expect(generated).toMatch(UUID);
    expect(logs.at('warn')).toContain(`Ignored the client's x-request-id (${reason}); using ${generated}`);
    expect(logs.at('warn')).not.toContain(value);
  });

  it('puts the request id on every GraphQL error', async () => {
    const response = await store
      .graphql('{ storeStats { nope } }', {}, { 'X-Request-ID': 'trace-1' })
      .expect(400);
    expect(response.body.errors[0].extensions).toEqual({
      code: 'GRAPHQL_VALIDATION_FAILED',
      requestId: 'trace-1',
    });
  });
});
