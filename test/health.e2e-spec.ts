import { setTimeout as sleep } from 'node:timers/promises';
import type { AddressInfo } from 'node:net';
import { type BeforeApplicationShutdown, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Public, RailExtension, RailExtensionPoint, RailExtensions, type ReadinessCheck } from '@rail/core';
import { LifecycleState } from '@rail/health';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CapturedLogs } from './support/captured-logs.js';
import { startStoreApp, type StoreApp } from './support/store-app.js';
import { testServices } from './support/services.js';

// What a failing component's error might say; none of it may reach a probe's caller.
const SECRET_ERROR = 'connect ECONNREFUSED cache-7.internal.example:6380 (user ops, password hunter2)';

/** A registered readiness check (as the tasks library registers `queue`) that a test can break. */
@RailExtension(RailExtensionPoint.ReadinessCheck)
class SwitchableCheck implements ReadinessCheck {
  readonly name = 'switchable';
  mode: 'up' | 'hang' | 'fail' = 'up';

  async check(): Promise<void> {
    if (this.mode === 'fail') throw new Error(SECRET_ERROR);
    // Never settles, like a dependency that accepted the connection and went silent.
    if (this.mode === 'hang') await new Promise<never>(() => undefined);
  }
}

/** Asks the probes while the app is still starting (onModuleInit), through its own HTTP server. */
@Injectable()
class StartingProbe implements OnModuleInit {
  static answers: Array<{ path: string; status: number; body: unknown }> = [];

  constructor(private readonly host: HttpAdapterHost) {}

  async onModuleInit(): Promise<void> {
    const server = this.host.httpAdapter.getHttpServer() as Parameters<typeof request>[0];
    for (const path of ['/health/live', '/health/startup', '/health/ready']) {
      const response = await request(server).get(path);
      StartingProbe.answers.push({ path, status: response.status, body: response.body });
    }
  }
}

@Module({ providers: [SwitchableCheck, StartingProbe] })
class ProbeModule {}

/** A slow operation that reads the database after waiting: it needs the DataSource open until it ends. */
@Resolver()
class SlowResolver {
  static entered: Array<() => void> = [];

  constructor(private readonly dataSource: DataSource) {}

  @Public()
  @Query(() => Int)
  async slowCompanyCount(@Args('ms', { type: () => Int }) ms: number): Promise<number> {
    SlowResolver.entered.shift()?.();
    await sleep(ms);
    const rows = await this.dataSource.query<Array<{ n: number | string }>>(
      'SELECT COUNT(*) AS n FROM company',
    );
    return Number(rows[0].n);
  }
}

/**
 * Another library's drain in its own beforeApplicationShutdown (as the tasks library waits for running
 * tasks): readiness must already fail while it runs, whichever module's hook Nest calls first.
 */
@Injectable()
class OtherLibraryDrain implements BeforeApplicationShutdown {
  static readyDuringDrain: { status: number; body: unknown } | undefined;

  constructor(private readonly host: HttpAdapterHost) {}

  async beforeApplicationShutdown(): Promise<void> {
    const address = (this.host.httpAdapter.getHttpServer() as { address(): AddressInfo | null }).address();
    if (!address) return;
    const response = await request(`http://127.0.0.1:${address.port}`).get('/health/ready');
    OtherLibraryDrain.readyDuringDrain = { status: response.status, body: response.body };
  }
}

@Module({ providers: [SlowResolver, OtherLibraryDrain] })
class SlowModule {}

const HEALTH = `{ health { status components { name status latencyMs reason }
  process { uptimeSeconds rssBytes heapUsedBytes heapTotalBytes eventLoopDelay { meanMs p99Ms maxMs } } } }`;

describe('health probes of the store app', () => {
  let store: StoreApp;
  let switchable: SwitchableCheck;
  const logs = new CapturedLogs();

  beforeAll(async () => {
    StartingProbe.answers = [];
    store = await startStoreApp({
      redis: true,
      user: null,
      imports: [ProbeModule],
      logger: logs,
      env: { RAIL_HEALTH_TIMEOUT_MS: '750' },
    });
    // Read when the app was created; startStoreApp restores only the keys it knows.
    delete process.env.RAIL_HEALTH_TIMEOUT_MS;
    switchable = store.app.get(SwitchableCheck);
  });
  afterAll(() => store.close());
  afterEach(() => {
    switchable.mode = 'up';
  });

  const get = (path: string) => request(store.app.getHttpServer()).get(path);
  /** The database, Redis when the run has one (PostgreSQL + Redis in CI), then every registered check (ours, the tasks queue). */
  const expectedComponents = (): string[] => [
    'database',
    ...(testServices().redisUrl ? ['redis'] : []),
    ...store.app.get(RailExtensions).readinessChecks.map((check) => check.name),
  ];

  it('answers live, ready and startup with 200 without a token, naming the ready components', async () => {
    const live = await get('/health/live').expect(200);
    expect(live.body).toEqual({ status: 'ok' });
    expect(live.headers['cache-control']).toBe('no-store');
    expect((await get('/health/startup').expect(200)).body).toEqual({ status: 'ok' });

    const ready = await get('/health/ready').expect(200);
    expect(ready.body.status).toBe('ok');
    expect(Object.keys(ready.body.components)).toEqual(expectedComponents());
    for (const component of Object.values(ready.body.components)) {
      expect(component).toEqual({ status: 'up', latencyMs: expect.any(Number) });
    }
  });

  it('answered 503 to startup and ready while the app was still starting, but 200 to live', () => {
    expect(StartingProbe.answers).toEqual([
      { path: '/health/live', status: 200, body: { status: 'ok' } },
      { path: '/health/startup', status: 503, body: { status: 'starting' } },
      { path: '/health/ready', status: 503, body: { status: 'starting' } },
    ]);
  });

  it('is not ready while a registered check hangs: 503 after the timeout, naming it', async () => {
    switchable.mode = 'hang';
    const started = Date.now();
    const ready = await get('/health/ready').expect(503);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(ready.body).toMatchObject({
      status: 'error',
      failing: ['switchable'],
      components: {
        database: { status: 'up' },
        switchable: { status: 'down', reason: 'timeout', latencyMs: expect.any(Number) },
      },
    });
    expect(ready.body.components.switchable.latencyMs).toBeGreaterThanOrEqual(700);
    await get('/health/live').expect(200);
  });

  it('names a failing check without its error, which goes to the log', async () => {
    switchable.mode = 'fail';
    const ready = await get('/health/ready').expect(503);
    expect(ready.body).toMatchObject({
      status: 'error',
      failing: ['switchable'],
      components: { switchable: { status: 'down', reason: 'error' } },
    });
    expect(ready.text).not.toMatch(/ECONNREFUSED|internal\.example|hunter2|password|6380/);
    expect(logs.at('error')).toContain(`Readiness: switchable is down after`);
    expect(logs.at('error')).toContain(SECRET_ERROR);

    switchable.mode = 'up';
    await get('/health/ready').expect(200);
    expect(logs.at('log')).toContain('Readiness: switchable is up again');
  });

  it('gives admins the health query: components, memory, event-loop delay and uptime', async () => {
    const admin = await store.fullSession('admin@acme.example');
    const response = await store.graphql(HEALTH, undefined, admin).expect(200);
    expect(response.body.errors).toBeUndefined();
    const health = response.body.data.health;
    expect(health.status).toBe('ok');
    expect(health.components.map((component: { name: string }) => component.name)).toEqual(
      expectedComponents(),
    );
    expect(health.components[0]).toEqual({
      name: 'database',
      status: 'up',
      latencyMs: expect.any(Number),
      reason: null,
    });
    expect(health.process.rssBytes).toBeGreaterThan(health.process.heapUsedBytes);
    expect(health.process.heapTotalBytes).toBeGreaterThan(0);
    expect(health.process.uptimeSeconds).toBeGreaterThan(0);
    expect(health.process.eventLoopDelay.p99Ms).toBeGreaterThanOrEqual(0);
    expect(health.process.eventLoopDelay.maxMs).toBeGreaterThanOrEqual(health.process.eventLoopDelay.meanMs);
  });

  it('refuses the health query to non-admins (FORBIDDEN) and to anonymous callers', async () => {
    const support = await store.fullSession('support@acme.example');
    const forbidden = await store.graphql(HEALTH, undefined, support);
    expect(forbidden.body.data).toBeNull();
    expect(forbidden.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const anonymous = await store.graphql(HEALTH);
    expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  // Last in this app: the database goes away and comes back.
  it('answers 503 naming the database when it is unreachable, while live stays 200; ready again once back', async () => {
    const dataSource = store.app.get(DataSource);
    await dataSource.destroy();
    try {
      const ready = await get('/health/ready').expect(503);
      expect(ready.body).toEqual({
        status: 'error',
        failing: ['database'],
        components: Object.fromEntries(
          expectedComponents().map((name) => [
            name,
            name === 'database'
              ? { status: 'down', latencyMs: expect.any(Number), reason: 'error' }
              : { status: 'up', latencyMs: expect.any(Number) },
          ]),
        ),
      });
      // No host, database name, driver, credential or error text (the shape above allows none either).
      expect(ready.text).not.toMatch(
        new RegExp(`127\\.0\\.0\\.1|localhost|${store.database.name}|postgres|sqlite|password|onnect|Error`),
      );
      await get('/health/live').expect(200);
      expect(logs.at('error')).toContain('Readiness: database is down after');
    } finally {
      await dataSource.initialize();
    }
    await get('/health/ready').expect(200);
  });
});

describe('graceful shutdown of the store app', () => {
  let store: StoreApp;
  let closed = false;

  beforeAll(async () => {
    store = await startStoreApp({
      redis: true,
      user: null,
      imports: [SlowModule],
      env: { RAIL_SHUTDOWN_DELAY_MS: '1000' },
    });
    delete process.env.RAIL_SHUTDOWN_DELAY_MS;
    // A real listening server, as in production: new connections during the drain, refused after it.
    await store.app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    // Once the test has closed the app, only its database is left (Jest gives each file its own process.env).
    if (closed) await store.database.drop();
    else await store.close();
  });

  it('fails readiness at once, keeps serving for the drain delay, and lets in-flight requests finish', async () => {
    const url = await store.app.getUrl();
    const slowQuery = (ms: number) =>
      request(url)
        .post('/graphql')
        .send({ query: `{ slowCompanyCount(ms: ${ms}) }` });
    await request(url).get('/health/ready').expect(200);

    // A request that outlives the drain delay, in flight when shutdown starts.
    const entered = new Promise<void>((resolve) => SlowResolver.entered.push(resolve));
    const inFlight = slowQuery(2500).then((response) => response); // then() sends it now
    await entered;

    const startedAt = Date.now();
    const closing = store.app.close(); // what SIGTERM does with enableShutdownHooks()
    closed = true;
    const lifecycle = store.app.get(LifecycleState);
    while (lifecycle.phase !== 'shutting_down') await sleep(5);
    expect(Date.now() - startedAt).toBeLessThan(1000);

    // During the drain: not ready, still alive, and still serving the API.
    while (!OtherLibraryDrain.readyDuringDrain) await sleep(5);
    expect(OtherLibraryDrain.readyDuringDrain).toEqual({ status: 503, body: { status: 'shutting_down' } });
    const ready = await request(url).get('/health/ready').expect(503);
    expect(ready.body).toEqual({ status: 'shutting_down' });
    await request(url).get('/health/live').expect(200);
    const during = await slowQuery(0).expect(200);
    expect(during.body).toEqual({ data: { slowCompanyCount: 2 } });

    // The slow request completes, with the database still open, after the server stopped accepting.
    const slow = await inFlight;
    expect(slow.status).toBe(200);
    expect(slow.body).toEqual({ data: { slowCompanyCount: 2 } });
    await closing;
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(2000);
    expect(store.app.get(DataSource).isInitialized).toBe(false);
    await expect(request(url).get('/health/live')).rejects.toThrow(/ECONNREFUSED/);
  });
});
