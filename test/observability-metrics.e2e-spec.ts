import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Module } from '@nestjs/common';
import { RailError, RailErrorCode, RailSignals } from '@rail/core';
import { RailMetrics } from '@rail/observability';
import { TaskHandler, TaskService, type TaskContext } from '@rail/tasks';
import { generateWebhookSecret, WebhookDispatcher } from '@rail/webhooks';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { parsePrometheusText, type Sample, sampleValue } from './support/prometheus-text.js';
import { startStoreApp, type StoreApp } from './support/store-app.js';

const TOKEN = 'metrics-scrape-token-for-the-e2e-test';

/** Task handlers with one outcome each. */
@Injectable()
class ObservedTasks {
  @TaskHandler('observability.ok')
  ok(): string {
    return 'ok';
  }

  @TaskHandler('observability.flaky')
  flaky(_: unknown, context: TaskContext): string {
    if (context.attempt < 2) throw new RailError(RailErrorCode.CONFLICT, 'Not yet');
    return 'done';
  }

  @TaskHandler('observability.failing')
  failing(): never {
    throw new Error('boom');
  }

  @TaskHandler('observability.slow')
  async slow(_: unknown, context: TaskContext): Promise<void> {
    await new Promise((resolve) => context.signal.addEventListener('abort', resolve, { once: true }));
  }
}

@Module({ providers: [ObservedTasks] })
class ObservedTasksModule {}

/** A webhook receiver on 127.0.0.1: `/ok` answers 200, `/flaky` 503 once then 200, `/bad` 400. */
async function startReceiver(): Promise<{ server: Server; url: string }> {
  let flaky = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/bad') res.writeHead(400).end('no');
      else if (req.url === '/flaky' && flaky++ < 1) res.writeHead(503).end('busy');
      else res.writeHead(200).end('ok');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('metrics at /metrics, with a token', () => {
  let store: StoreApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  const scrape = async (): Promise<Sample[]> => {
    const response = await request(store.app.getHttpServer())
      .get('/metrics')
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(200);
    return parsePrometheusText(response.text);
  };
  /** Scrapes until `ready` holds (10 s at most): background work is counted when it ends. */
  const scrapeUntil = async (ready: (samples: Sample[]) => boolean): Promise<Sample[]> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const samples = await scrape();
      if (ready(samples) || Date.now() > deadline) return samples;
      await sleep(100);
    }
  };

  beforeAll(async () => {
    receiver = await startReceiver();
    const secret = generateWebhookSecret();
    const endpoint = (path: string) => ({
      companyId: '1',
      url: `${receiver.url}${path}`,
      events: [`observability${path.replace('/', '.')}`],
      role: 'support',
      secret,
    });
    store = await startStoreApp({
      imports: [ObservedTasksModule],
      env: {
        METRICS_TOKEN: TOKEN,
        RAIL_TASK_SWEEP_MS: '100',
        RAIL_WEBHOOK_ALLOW: '127.0.0.1',
        RAIL_WEBHOOK_RETRY_SCHEDULE: '50',
        RAIL_WEBHOOK_ENDPOINTS: JSON.stringify([endpoint('/ok'), endpoint('/flaky'), endpoint('/bad')]),
      },
    });
  });
  afterAll(async () => {
    await store.close();
    receiver.server.closeAllConnections();
    receiver.server.close();
  });

  it('refuses a scrape without the token or with a wrong one', async () => {
    const server = store.app.getHttpServer();
    const anonymous = await request(server).get('/metrics').expect(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(anonymous.text).not.toContain('rail_');
    await request(server).get('/metrics').set('Authorization', `Bearer ${TOKEN}x`).expect(401);
    await request(server).get('/metrics').set('Authorization', TOKEN).expect(401);
    // A user's JWT is not a scrape token.
    const user = await store.signIn('admin@acme.example');
    await request(server).get('/metrics').set('Authorization', `Bearer ${user.accessToken}`).expect(401);
  });

  it('serves the Prometheus text format with the process metrics', async () => {
    const response = await request(store.app.getHttpServer())
      .get('/metrics')
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(200);
    expect(response.headers['content-type']).toContain('text/plain; version=0.0.4');
    expect(response.headers['cache-control']).toBe('no-store');
    const samples = parsePrometheusText(response.text);
    expect(sampleValue(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sampleValue(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('counts HTTP requests and GraphQL operations by route, status, operation and outcome', async () => {
    const before = await scrape();
    const http = { method: 'POST', route: '/graphql', status: '200' };
    const products = { operation: 'MetricsProducts', type: 'query', outcome: 'success' };
    const response = await store.graphql('query MetricsProducts { products(limit: 3) { name } }').expect(200);
    expect(response.body.errors).toBeUndefined();
    await store.graphql('query MetricsProducts { products(limit: 1) { name } }').expect(200);
    await store
      .graphql('query MetricsDenied { me { email } }', {}, { authorization: 'Bearer nope' })
      .expect(200);
    await store.graphql('{ products(limit: 1) { name } }').expect(200);
    await request(store.app.getHttpServer()).get('/no/such/route/42').expect(404);
    const after = await scrape();

    const delta = (name: string, labels: Record<string, string>) =>
      sampleValue(after, name, labels) - sampleValue(before, name, labels);
    expect(delta('rail_http_requests_total', http)).toBe(4);
    expect(delta('rail_http_request_duration_seconds_count', http)).toBe(4);
    expect(delta('rail_http_requests_total', { route: 'unmatched', status: '404' })).toBe(1);
    // The scrape itself is a request like any other.
    expect(
      sampleValue(after, 'rail_http_requests_total', { route: '/metrics', status: '200' }),
    ).toBeGreaterThan(0);
    expect(delta('rail_graphql_operations_total', products)).toBe(2);
    expect(delta('rail_graphql_operation_duration_seconds_count', products)).toBe(2);
    expect(sampleValue(after, 'rail_graphql_operation_duration_seconds_sum', products)).toBeGreaterThan(0);
    expect(
      delta('rail_graphql_operations_total', { operation: 'MetricsDenied', type: 'query', outcome: 'error' }),
    ).toBe(1);
    expect(delta('rail_graphql_operations_total', { operation: '(anonymous)', outcome: 'success' })).toBe(1);
    expect(delta('rail_graphql_errors_total', { code: 'UNAUTHENTICATED' })).toBe(1);
    // Every route label is a template or `unmatched`: no path, id or token becomes a series.
    const routes = new Set(
      after.filter((s) => s.name === 'rail_http_requests_total').map((s) => s.labels.route),
    );
    expect([...routes].filter((route) => route.includes('42'))).toEqual([]);
  });

  it('times SQL statements, failed ones apart', async () => {
    const before = await scrape();
    await store.graphql('query MetricsSql { customers(limit: 2) { name } }').expect(200);
    await expect(store.app.get(DataSource).query('SELECT * FROM no_such_table')).rejects.toThrow();
    const after = await scrape();
    const delta = (name: string, outcome: string) =>
      sampleValue(after, name, { outcome }) - sampleValue(before, name, { outcome });
    expect(delta('rail_sql_statements_total', 'ok')).toBeGreaterThan(0);
    expect(delta('rail_sql_statement_duration_seconds_count', 'ok')).toBe(
      delta('rail_sql_statements_total', 'ok'),
    );
    expect(delta('rail_sql_statements_total', 'failed')).toBe(1);
  });

  it('counts auth events by type and blocked requests by rule', async () => {
    const before = await scrape();
    await store.signIn('sales@acme.example');
    await store.graphql(
      'mutation { login(email: "sales@acme.example", password: "not-the-password") { accessToken } }',
      {},
      { authorization: '' },
    );
    store.app.get(RailSignals).emit({ kind: 'request.blocked', rule: 'metrics_test' });
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      sampleValue(after, name, labels) - sampleValue(before, name, labels);
    expect(delta('rail_auth_events_total', { type: 'auth.login.succeeded' })).toBe(1);
    expect(delta('rail_auth_events_total', { type: 'auth.login.failed' })).toBe(1);
    expect(delta('rail_requests_blocked_total', { rule: 'metrics_test' })).toBe(1);
  });

  it('counts task attempts by task and outcome: succeeded, retrying, failed, timed out', async () => {
    const tasks = store.app.get(TaskService);
    const backoff = { type: 'fixed' as const, delayMs: 20 };
    await tasks.enqueue('observability.ok');
    await tasks.enqueue('observability.flaky', null, { retries: 1, backoff });
    await tasks.enqueue('observability.failing');
    await tasks.enqueue('observability.slow', null, { timeout: 100 });
    const attempts = (samples: Sample[], task: string, outcome: string) =>
      sampleValue(samples, 'rail_task_attempts_total', { task: `observability.${task}`, outcome });
    const expected: Array<[string, string]> = [
      ['ok', 'succeeded'],
      ['flaky', 'retrying'],
      ['flaky', 'succeeded'],
      ['failing', 'failed'],
      ['slow', 'timed_out'],
    ];
    const samples = await scrapeUntil((current) =>
      expected.every(([task, outcome]) => attempts(current, task, outcome) === 1),
    );
    for (const [task, outcome] of expected)
      expect([task, outcome, attempts(samples, task, outcome)]).toEqual([task, outcome, 1]);
    expect(
      sampleValue(samples, 'rail_task_attempt_duration_seconds_count', { task: 'observability.slow' }),
    ).toBe(1);
    expect(
      sampleValue(samples, 'rail_task_attempt_duration_seconds_sum', { task: 'observability.slow' }),
    ).toBeGreaterThanOrEqual(0.09);
  });

  it('counts webhook delivery attempts by outcome', async () => {
    const dispatcher = store.app.get(WebhookDispatcher);
    for (const type of ['ok', 'flaky', 'bad'])
      await dispatcher.publish(`observability.${type}`, { n: 1 }, { companyId: '1' });
    const deliveries = (samples: Sample[], outcome: string) =>
      sampleValue(samples, 'rail_webhook_deliveries_total', { outcome });
    const samples = await scrapeUntil(
      (current) =>
        deliveries(current, 'delivered') >= 2 &&
        deliveries(current, 'retrying') >= 1 &&
        deliveries(current, 'failed') >= 1,
    );
    expect(deliveries(samples, 'delivered')).toBe(2);
    expect(deliveries(samples, 'retrying')).toBe(1);
    expect(deliveries(samples, 'failed')).toBe(1);
    expect(sampleValue(samples, 'rail_webhook_delivery_duration_seconds_count')).toBe(4);
  });

  it('bounds the operation-name label: names past the cap are counted as (other)', async () => {
    // Client-chosen names: each new one would be a new series, so only the first 100 get one.
    for (let index = 0; index < 110; index++)
      await store.graphql(`query Junk${index} { __typename }`).expect(200);
    const samples = await scrape();
    const names = new Set(
      samples.filter((s) => s.name === 'rail_graphql_operations_total').map((s) => s.labels.operation),
    );
    expect([...names].filter((name) => !name.startsWith('(')).length).toBe(100);
    expect(
      sampleValue(samples, 'rail_graphql_operations_total', { operation: '(other)' }),
    ).toBeGreaterThanOrEqual(10);
    // Names seen before the cap keep counting under their own name.
    const before = sampleValue(samples, 'rail_graphql_operations_total', { operation: 'MetricsProducts' });
    await store.graphql('query MetricsProducts { products(limit: 1) { name } }').expect(200);
    expect(
      sampleValue(await scrape(), 'rail_graphql_operations_total', { operation: 'MetricsProducts' }),
    ).toBe(before + 1);
  });
});

describe('metrics without a token', () => {
  let store: StoreApp | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('are not served in production, though they are collected', async () => {
    store = await startStoreApp({
      env: {
        NODE_ENV: 'production',
        JWT_SECRET: 'a-production-secret-of-at-least-32-bytes!',
        MFA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        EXPORT_SIGNING_SECRET: 'a-production-export-link-secret-of-32-bytes',
      },
    });
    const server = store.app.getHttpServer();
    await request(server).get('/metrics').expect(404);
    await request(server).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(404);
    const text = await store.app.get(RailMetrics).registry.metrics();
    expect(sampleValue(parsePrometheusText(text), 'rail_http_requests_total', { route: 'unmatched' })).toBe(
      2,
    );
  });

  it('are open outside production', async () => {
    store = await startStoreApp({ env: { NODE_ENV: 'development' } });
    const response = await request(store.app.getHttpServer()).get('/metrics').expect(200);
    expect(response.text).toContain('rail_http_requests_total');
  });

  it('are neither collected nor served when disabled', async () => {
    store = await startStoreApp({ env: { NODE_ENV: 'development', RAIL_METRICS_ENABLED: 'false' } });
    await store.graphql('query Disabled { products(limit: 1) { name } }').expect(200);
    await request(store.app.getHttpServer()).get('/metrics').expect(404);
    const samples = parsePrometheusText(await store.app.get(RailMetrics).registry.metrics());
    expect(samples).toEqual([]);
  });
});
