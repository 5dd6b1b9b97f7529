// The runnable example of docs/rate-limit.md, and the module's start-up checks.
import '../../../test/rate-limit.cjs-interop.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamicModule, type ExecutionContext, type INestApplication, Module } from '@nestjs/common';
import { GqlExecutionContext, Query, Resolver } from '@nestjs/graphql';
import { Test } from '@nestjs/testing';
import {
  Public,
  RailExtension,
  RailExtensionPoint,
  RailModule,
  RequestContext,
  type RequestGuard,
} from '@rail/core';
import request from 'supertest';

// After the interop (see there): @nestjs/throttler is CommonJS.
const { RailRateLimitModule, Throttle } = await import('./index.js');

@Resolver()
class ForecastResolver {
  @Public()
  @Query(() => String)
  weather(): string {
    return 'sunny';
  }

  // Costly: 3 a minute per caller, on a counter of its own.
  @Public()
  @Throttle({ default: { limit: 3, ttl: 60_000 } })
  @Query(() => String)
  forecast(): string {
    return 'sunny, then rain';
  }
}

const directories: string[] = [];
async function startApp(...imports: Array<DynamicModule | (new () => unknown)>): Promise<INestApplication> {
  const directory = mkdtempSync(join(tmpdir(), 'rail-rate-limit-'));
  directories.push(directory);
  @Module({
    imports: [RailModule.forRoot({ database: { sqlitePath: join(directory, 'app.sqlite') } }), ...imports],
    providers: [ForecastResolver],
  })
  class AppModule {}
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  try {
    await app.init();
  } catch (error) {
    await app.close();
    throw error;
  }
  return app;
}
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

const ask = (app: INestApplication, query: string, headers: Record<string, string> = {}) =>
  request(app.getHttpServer()).post('/graphql').set(headers).send({ query });

describe('RailRateLimitModule (the docs/rate-limit.md example)', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await startApp(
      RailRateLimitModule.forRoot({ query: '300/1m', auth: { limit: 10, ttlMs: 60_000 } }),
    );
  });
  afterAll(() => app.close());

  it('limits the costly query on its own counter, and the others in the query bucket', async () => {
    for (let index = 0; index < 3; index++) await ask(app, '{ forecast }').expect(200);
    const refused = await ask(app, '{ forecast }').expect(429);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 60 });
    expect(refused.headers['retry-after']).toBe('60');
    const weather = await ask(app, '{ weather }').expect(200);
    expect(weather.headers).toMatchObject({ 'ratelimit-limit': '300', 'ratelimit-remaining': '299' });
  });
});

describe('RailRateLimitModule switched off', () => {
  it('lets everything through and answers no headers', async () => {
    const app = await startApp(RailRateLimitModule.forRoot({ enabled: false, query: '1/1m' }));
    try {
      for (let index = 0; index < 5; index++) {
        const response = await ask(app, '{ forecast weather }').expect(200);
        expect(response.headers['ratelimit-limit']).toBeUndefined();
      }
    } finally {
      await app.close();
    }
  });
});

describe('RailRateLimitModule with Redis down', () => {
  it('lets requests through rather than refusing them all', async () => {
    // Nothing listens on port 1: Redis is down, as in an outage.
    const app = await startApp(
      RailRateLimitModule.forRoot({ redisUrl: 'redis://127.0.0.1:1', query: '1/1m' }),
    );
    try {
      for (let index = 0; index < 3; index++) {
        const response = await ask(app, '{ weather }').expect(200);
        expect(response.body.data).toEqual({ weather: 'sunny' });
      }
    } finally {
      await app.close();
    }
  });
});

/** Stands for the auth library: the pipeline's authenticate stage, setting the principal from a header. */
@RailExtension(RailExtensionPoint.RequestGuard)
class HeaderAuthGuard implements RequestGuard {
  readonly stage = 'authenticate';

  constructor(private readonly context: RequestContext) {}

  canActivate(context: ExecutionContext): boolean {
    const { req } = GqlExecutionContext.create(context).getContext<{
      req: { headers: Record<string, string> };
    }>();
    const userId = req.headers['x-user'];
    if (userId) this.context.setPrincipal({ userId, companyId: null, roles: [], authMethods: ['pwd'] });
    return true;
  }
}

@Module({ providers: [HeaderAuthGuard] })
class HeaderAuthModule {}

describe('RailRateLimitModule and authentication', () => {
  it.each([
    ['after', (limits: DynamicModule) => [HeaderAuthModule, limits]],
    ['before', (limits: DynamicModule) => [limits, HeaderAuthModule]],
  ])('counts each signed-in user apart when imported %s authentication', async (_, order) => {
    const app = await startApp(...order(RailRateLimitModule.forRoot({ query: '2/1m' })));
    try {
      await ask(app, '{ weather }', { 'x-user': '1' }).expect(200);
      await ask(app, '{ weather }', { 'x-user': '1' }).expect(200);
      await ask(app, '{ weather }', { 'x-user': '1' }).expect(429);
      await ask(app, '{ weather }', { 'x-user': '2' }).expect(200);
      await ask(app, '{ weather }').expect(200);
    } finally {
      await app.close();
    }
  });
});
