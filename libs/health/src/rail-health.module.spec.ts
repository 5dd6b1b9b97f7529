// The runnable example of docs/health.md: an app with the health library and a readiness check of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { RailExtension, RailExtensionPoint, RailModule, type ReadinessCheck } from '@rail/core';
import request from 'supertest';
import { HealthResolver } from './health.resolver.js';
import { LifecycleState } from './lifecycle-state.service.js';
import { RailHealthModule } from './rail-health.module.js';

@RailExtension(RailExtensionPoint.ReadinessCheck)
class SearchIndexCheck implements ReadinessCheck {
  readonly name = 'search';
  async check(): Promise<void> {
    // e.g. await fetch(`${process.env.SEARCH_URL}/_cluster/health`, { signal: AbortSignal.timeout(500) })
  }
}

/** An app of the core and the health library on a fresh SQLite file, with these checks; not started yet. */
async function healthApp(
  directory: string,
  options: Parameters<typeof RailHealthModule.forRoot>[0],
  checks: Array<new () => ReadinessCheck>,
): Promise<INestApplication> {
  @Module({
    imports: [
      RailModule.forRoot({ database: { sqlitePath: join(directory, 'app.sqlite') } }),
      RailHealthModule.forRoot(options),
    ],
    providers: checks,
  })
  class AppModule {}
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  return moduleRef.createNestApplication({ logger: false });
}

describe('RailHealthModule (the docs/health.md example)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'rail-health-'));
  let app: INestApplication;

  beforeAll(async () => {
    @Module({
      imports: [
        RailModule.forRoot({ database: { sqlitePath: join(directory, 'app.sqlite') } }),
        // Nothing listens on port 1: Redis is down, as in an outage. The password must never show.
        RailHealthModule.forRoot({ redisUrl: 'redis://:s3cret@127.0.0.1:1', timeoutMs: 500 }),
      ],
      providers: [SearchIndexCheck],
    })
    class AppModule {}
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('keeps the health query closed where no library checks permissions (no rbac installed)', async () => {
    await expect(app.get(HealthResolver).health()).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'The health query needs RailRbacModule (permission health.view)',
    });
  });

  it('is alive and started', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200, { status: 'ok' });
    await request(app.getHttpServer()).get('/health/startup').expect(200, { status: 'ok' });
  });

  it('stays ready but degraded while Redis is down, naming it and nothing about where it is', async () => {
    // The API serves without Redis (docs/operations.md); unready would take every instance out at once.
    const response = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(response.body).toEqual({
      status: 'degraded',
      degraded: ['redis'],
      components: {
        database: { status: 'up', latencyMs: expect.any(Number) },
        redis: { status: 'down', latencyMs: expect.any(Number), reason: 'error' },
        search: { status: 'up', latencyMs: expect.any(Number) },
      },
    });
    expect(response.text).not.toMatch(/s3cret|127\.0\.0\.1|ECONNREFUSED|writeable/);
  });

  it('keeps the health query closed when no rbac library enforces health.view', async () => {
    const response = await request(app.getHttpServer())
      .post('/graphql')
      .send({ query: '{ health { status } }' })
      .expect(200);
    expect(response.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});

describe('RailHealthModule start-up checks', () => {
  /** Starts an app with the health library and these checks; expects the start to fail with `message`. */
  async function refusesToStart(check: new () => ReadinessCheck, message: string): Promise<void> {
    const directory = mkdtempSync(join(tmpdir(), 'rail-health-'));
    const app = await healthApp(directory, {}, [check]);
    try {
      await expect(app.init()).rejects.toThrow(message);
    } finally {
      await app.close();
      rmSync(directory, { recursive: true, force: true });
    }
  }

  it('refuses two readiness components with one name', async () => {
    @RailExtension(RailExtensionPoint.ReadinessCheck)
    class AnotherDatabase implements ReadinessCheck {
      readonly name = 'database';
      async check(): Promise<void> {}
    }
    await refusesToStart(
      AnotherDatabase,
      'Two readiness components are named "database" (AnotherDatabase); give each its own name',
    );
  });

  it('refuses a readiness component whose name a probe could not show', async () => {
    @RailExtension(RailExtensionPoint.ReadinessCheck)
    class Spaced implements ReadinessCheck {
      readonly name = 'search index';
      async check(): Promise<void> {}
    }
    await refusesToStart(
      Spaced,
      'Readiness check Spaced is named "search index": expected a letter, then letters, digits, ".", "_" or "-"',
    );
  });
});

describe('RailHealthModule probes of an instance whose every component answers, or one does not in time', () => {
  @RailExtension(RailExtensionPoint.ReadinessCheck)
  class SlowSearch implements ReadinessCheck {
    static slow = false;
    readonly name = 'search';
    async check(): Promise<void> {
      if (SlowSearch.slow) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  const directory = mkdtempSync(join(tmpdir(), 'rail-health-'));
  let app: INestApplication;

  beforeAll(async () => {
    app = await healthApp(directory, { timeoutMs: 100, shutdownDelayMs: 1 }, [SlowSearch]);
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('is ready ("ok") when every component answers', async () => {
    SlowSearch.slow = false;
    const response = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(response.body).toMatchObject({ status: 'ok', components: { database: { status: 'up' } } });
  });

  it('is not ready, naming the component and "timeout", when one does not answer in time', async () => {
    SlowSearch.slow = true;
    const response = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(response.body).toMatchObject({
      status: 'error',
      failing: ['search'],
      components: { search: { status: 'down', reason: 'timeout' } },
    });
  });

  it('is not ready from the first moment of a shutdown, whatever the components say', async () => {
    SlowSearch.slow = false;
    await app.get(LifecycleState).beforeApplicationShutdown('SIGTERM');
    const response = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(response.body).toMatchObject({ status: 'shutting_down' });
  });
});
