import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { buildStoreApp, startBuiltStoreApp, type BuiltStoreApp } from './support/built-store-app.js';
import { startOtlpReceiver, type ReceivedSpan } from './support/otlp-receiver.js';
import { TEST_PASSWORD } from './support/seeded-template.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';
import { testServices } from './support/services.js';

const SERVICE = 'rail-trace-test';
// The app gets the run's Redis when there is one: its rate-limit counters are then spans too.
const { redisUrl } = testServices();
const SERVER_KIND = 2;

/**
 * Tracing instruments modules as they load, which Jest's own module registry
 * gets in the way of: these tests run the built app in a child process, as
 * production does, and collect its spans with an OTLP/HTTP receiver. On the
 * run's database: on PostgreSQL the SQL statements are spans too; the embedded
 * better-sqlite3 has no instrumentation, so there the trace has no SQL spans.
 */
describe('traces of the built app (node --import @rail/observability/register)', () => {
  let database: TestDatabase;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let app: BuiltStoreApp;

  beforeAll(async () => {
    await buildStoreApp();
    [database, receiver] = await Promise.all([createTestDatabase('seeded'), startOtlpReceiver()]);
    app = await startBuiltStoreApp({
      ...database.env,
      REDIS_KEY_PREFIX: `${database.name}:`,
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
      LOG_LEVEL: 'info',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_SERVICE_NAME: SERVICE,
    });
  }, 300_000);
  afterAll(async () => {
    await app?.stop();
    await receiver?.close();
    await database?.drop();
  });

  const graphql = async (query: string, variables: object, headers: Record<string, string> = {}) => {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { headers: response.headers, body: (await response.json()) as { data?: Record<string, unknown> } };
  };

  /** Waits (15 s at most) for the server span of the request with this id: the last of its trace to end. */
  const traceOf = async (requestId: string): Promise<ReceivedSpan[]> => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const root = receiver.spans.find(
        (span) => span.kind === SERVER_KIND && span.attributes['rail.request_id'] === requestId,
      );
      if (root) return receiver.spans.filter((span) => span.traceId === root.traceId);
      if (Date.now() > deadline) throw new Error(`No server span for request ${requestId}`);
      await sleep(100);
    }
  };

  it('gives a request one trace of HTTP, Express, GraphQL (and on PostgreSQL SQL) spans, tagged with its request id', async () => {
    const login = await graphql(
      'mutation SignIn($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }',
      { email: 'catalog_admin@acme.example', password: TEST_PASSWORD },
    );
    const { accessToken } = login.body.data?.login as { accessToken: string };
    const requestId = `trace-${randomUUID()}`;
    const response = await graphql(
      'query TracedProducts { products(limit: 2) { name category { name } } }',
      {},
      { authorization: `Bearer ${accessToken}`, 'x-request-id': requestId },
    );
    expect(response.body.data?.products).toHaveLength(2);
    expect(response.headers.get('x-request-id')).toBe(requestId);

    const trace = await traceOf(requestId);
    const scopes = new Set(trace.map((span) => span.scope));
    expect(scopes).toEqual(
      new Set([
        '@opentelemetry/instrumentation-http',
        '@opentelemetry/instrumentation-express',
        '@opentelemetry/instrumentation-graphql',
        ...(database.kind === 'postgres' ? ['@opentelemetry/instrumentation-pg'] : []),
        // With Redis, the rate limit's counters are there too.
        ...(redisUrl ? ['@opentelemetry/instrumentation-ioredis'] : []),
      ]),
    );
    // One root, the HTTP server span; every other span's parent is in the same trace.
    const ids = new Set(trace.map((span) => span.spanId));
    const roots = trace.filter((span) => !span.parentSpanId);
    expect(roots).toHaveLength(1);
    expect(roots[0]).toMatchObject({ scope: '@opentelemetry/instrumentation-http', kind: SERVER_KIND });
    for (const span of trace) if (span.parentSpanId) expect(ids.has(span.parentSpanId)).toBe(true);

    const execution = trace.find((span) => span.name === 'query TracedProducts');
    expect(execution?.scope).toBe('@opentelemetry/instrumentation-graphql');
    expect(execution?.attributes['rail.request_id']).toBe(requestId);
    const statements = trace.filter((span) => span.name.startsWith('pg.query:SELECT'));
    if (database.kind === 'postgres') expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.attributes['db.system.name'] ?? statement.attributes['db.system']).toBe('postgresql');
      expect(statement.attributes['rail.request_id']).toBe(requestId);
    }
    // Redis commands are recorded without their keys and values (e-mail addresses, IPs, tokens).
    for (const command of trace.filter((span) => span.scope.endsWith('-ioredis')))
      expect(String(command.attributes['db.statement'] ?? command.attributes['db.query.text'])).toMatch(
        /^[a-z]+$/,
      );
    expect(trace.every((span) => span.service === SERVICE)).toBe(true);

    // The request's log line names the same trace.
    const line = app.stdout
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((entry) => entry.requestId === requestId && typeof entry.durationMs === 'number');
    expect(line?.traceId).toBe(roots[0].traceId);
  });

  it('records no password, token or variable value in any span, and no probe', async () => {
    await fetch(`${app.url}/health/live`);
    await fetch(`${app.url}/health/ready`);
    const marker = `trace-${randomUUID()}`;
    await graphql('query Marker { __typename }', {}, { 'x-request-id': marker });
    await traceOf(marker);
    const everything = JSON.stringify(receiver.spans);
    expect(everything).not.toContain(TEST_PASSWORD);
    expect(everything).not.toContain('eyJ');
    expect(receiver.spans.filter((span) => JSON.stringify(span.attributes).includes('/health/'))).toEqual([]);
  });
});

describe('the tracing entry without OTEL_* variables', () => {
  it('loads no OpenTelemetry code', async () => {
    await buildStoreApp();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        '@rail/observability/register',
        '--input-type=module',
        '-e',
        "console.log(JSON.stringify({ api: globalThis[Symbol.for('opentelemetry.js.api.1')] !== undefined, bridge: globalThis[Symbol.for('rail.observability.trace-bridge')] !== undefined }))",
      ],
      { env: { PATH: process.env.PATH ?? '' } },
    );
    expect(JSON.parse(stdout)).toEqual({ api: false, bridge: false });
  }, 300_000);
});
