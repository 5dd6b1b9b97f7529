import './rate-limit.cjs-interop.js';
import { Module } from '@nestjs/common';
import { Mutation, Query, Resolver } from '@nestjs/graphql';
import { Authenticated, Public, RailSignals, type RailSignal } from '@rail/core';
import type { Express } from 'express';
import { Redis } from 'ioredis';
import request from 'supertest';
import { TEST_PASSWORD } from './support/seeded-template.js';
import { DEFAULT_TEST_USER, startStoreApp, type StoreApp } from './support/store-app.js';
import { testServices } from './support/services.js';

// After the interop (see there): @nestjs/throttler is CommonJS.
const { RateLimitBucket, SkipThrottle, Throttle } = await import('@rail/rate-limit');

const STATS = '{ storeStats { products } }';
const bearer = (token: string | null) => ({ authorization: `Bearer ${token}` });

interface GraphqlError {
  message: string;
  extensions: { code: string; retryAfter?: number };
}
const codes = (body: { errors?: GraphqlError[] }): string[] =>
  (body.errors ?? []).map((error) => error.extensions.code);

/** Resolvers of an app's own, written by hand, with the throttler's decorators. */
@Resolver()
class HandWrittenResolver {
  @Public()
  @Query(() => String)
  hello(): string {
    return 'hello';
  }

  @Public()
  @Throttle({ default: { limit: 2, ttl: 60_000 } })
  @Query(() => String)
  scarce(): string {
    return 'scarce';
  }

  @Public()
  @Throttle({ query: { limit: 1, ttl: 60_000 } })
  @Query(() => String)
  single(): string {
    return 'single';
  }

  @Public()
  @SkipThrottle()
  @Query(() => String)
  unlimited(): string {
    return 'unlimited';
  }

  @Public()
  @SkipThrottle({ query: true })
  @Query(() => String)
  unlimitedQuery(): string {
    return 'unlimited';
  }

  @Authenticated()
  @Mutation(() => Boolean)
  ping(): boolean {
    return true;
  }

  @Public()
  @RateLimitBucket('auth')
  @Mutation(() => Boolean)
  requestPasswordReset(): boolean {
    return true;
  }
}

@Module({ providers: [HandWrittenResolver] })
class HandWrittenModule {}

/** Lets tests pose as clients at other addresses through X-Forwarded-For, as behind a proxy. */
function trustProxy(store: StoreApp): void {
  (store.app.getHttpAdapter().getInstance() as Express).set('trust proxy', true);
}

describe('rate limit: over the limit', () => {
  let store: StoreApp;
  const signals: RailSignal[] = [];
  beforeAll(async () => {
    store = await startStoreApp({
      redis: true,
      imports: [HandWrittenModule],
      env: { RAIL_RATE_LIMIT_QUERY: '3/1m' },
    });
    store.app.get(RailSignals).subscribe((signal) => signals.push(signal));
  });
  afterAll(() => store.close());

  it('answers RateLimit headers on every success, then 429 with RATE_LIMITED, retryAfter and Retry-After', async () => {
    for (const remaining of [2, 1, 0]) {
      const response = await store.graphql(STATS).expect(200);
      expect(response.body.errors).toBeUndefined();
      expect(response.headers['ratelimit-limit']).toBe('3');
      expect(response.headers['ratelimit-remaining']).toBe(String(remaining));
      expect(Number(response.headers['ratelimit-reset'])).toBeGreaterThan(0);
      expect(Number(response.headers['ratelimit-reset'])).toBeLessThanOrEqual(60);
      expect(response.headers['retry-after']).toBeUndefined();
    }
    const refused = await store.graphql(STATS).expect(429);
    expect(refused.body.data).toBeNull();
    expect(refused.body.errors).toHaveLength(1);
    const [error] = refused.body.errors as GraphqlError[];
    expect(error.extensions).toEqual({
      code: 'RATE_LIMITED',
      retryAfter: expect.any(Number),
      requestId: expect.any(String),
    });
    expect(error.message).toMatch(/^Too many requests; try again in \d+ s$/);
    expect(error.extensions.retryAfter).toBeGreaterThan(0);
    expect(error.extensions.retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers['retry-after']).toBe(String(error.extensions.retryAfter));
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(signals).toContainEqual({ kind: 'request.blocked', rule: 'rate_limit:query' });
  });

  it('counts REST reads in the same bucket: 429 with the code and Retry-After', async () => {
    const { accessToken } = await store.signIn(DEFAULT_TEST_USER);
    const response = await request(store.app.getHttpServer())
      .get('/api/v1/tasks/00000000-0000-0000-0000-000000000000')
      .set(bearer(accessToken))
      .expect(429);
    expect(response.body).toMatchObject({
      statusCode: 429,
      code: 'RATE_LIMITED',
      retryAfter: expect.any(Number),
    });
    expect(response.headers['retry-after']).toBe(String(response.body.retryAfter));
  });

  it('keeps the anonymous callers of the same address in a bucket apart, and never limits the probes', async () => {
    for (let index = 0; index < 3; index++) {
      const response = await store.graphql('{ hello }', {}, { authorization: '' }).expect(200);
      expect(response.body.data).toEqual({ hello: 'hello' });
    }
    const refused = await store.graphql('{ hello }', {}, { authorization: '' }).expect(429);
    expect(codes(refused.body)).toEqual(['RATE_LIMITED']);
    for (let index = 0; index < 5; index++) {
      const probe = await request(store.app.getHttpServer()).get('/health/live').expect(200);
      expect(probe.headers['ratelimit-limit']).toBeUndefined();
    }
  });

  it('lets only refusals of its own turn the status into 429, not the lockout of the auth library', async () => {
    trustProxy(store);
    const guesses = Array.from(
      { length: 6 },
      (_, index) =>
        `g${index}: login(email: "support@acme.example", password: "guess-${index}") { accessToken }`,
    );
    const response = await store
      .graphql(
        `mutation { ${guesses.join(' ')} }`,
        {},
        { authorization: '', 'x-forwarded-for': '198.51.100.9' },
      )
      .expect(200);
    expect(codes(response.body).at(-1)).toBe('RATE_LIMITED');
  });
});

describe('rate limit: sign-in', () => {
  let store: StoreApp;
  beforeAll(async () => {
    store = await startStoreApp({
      redis: true,
      user: null,
      imports: [HandWrittenModule],
      env: { RAIL_RATE_LIMIT_AUTH: '10/1m' },
    });
    trustProxy(store);
  });
  afterAll(() => store.close());

  const logins = (count: number) =>
    `mutation { ${Array.from(
      { length: count },
      (_, index) =>
        `a${index}: login(email: "sales@acme.example", password: "${TEST_PASSWORD}") { accessToken }`,
    ).join(' ')} }`;

  it('counts each of 20 aliased login fields in one request: 10 sign in, 10 are refused', async () => {
    const response = await store.graphql(logins(20), {}, { 'x-forwarded-for': '203.0.113.1' }).expect(429);
    const answers = Object.values(response.body.data as Record<string, { accessToken: string } | null>);
    expect(answers.filter((answer) => answer?.accessToken)).toHaveLength(10);
    expect(codes(response.body)).toEqual(Array(10).fill('RATE_LIMITED'));
    expect(response.headers['retry-after']).toMatch(/^\d+$/);
  });

  it('counts anonymous callers by address: another address still signs in', async () => {
    const other = await store.graphql(logins(1), {}, { 'x-forwarded-for': '203.0.113.2' }).expect(200);
    expect(other.body.data.a0.accessToken).toEqual(expect.any(String));
    const same = await store.graphql(logins(1), {}, { 'x-forwarded-for': '203.0.113.1' }).expect(429);
    expect(codes(same.body)).toEqual(['RATE_LIMITED']);
  });

  it('keeps sign-ins apart from other mutations, and counts a mutation marked @RateLimitBucket("auth") as one', async () => {
    const address = { 'x-forwarded-for': '203.0.113.1' };
    // The address may not sign in any more, but its other mutations (refreshToken) have a bucket of their own.
    const refresh = await store
      .graphql('mutation { refreshToken(refreshToken: "not-a-token") { accessToken } }', {}, address)
      .expect(200);
    expect(codes(refresh.body)).toEqual(['UNAUTHENTICATED']);
    const reset = await store.graphql('mutation { requestPasswordReset }', {}, address).expect(429);
    expect(codes(reset.body)).toEqual(['RATE_LIMITED']);
    const elsewhere = await store
      .graphql('mutation { requestPasswordReset }', {}, { 'x-forwarded-for': '203.0.113.4' })
      .expect(200);
    expect(elsewhere.body.data).toEqual({ requestPasswordReset: true });
  });
});

describe('rate limit: callers and buckets', () => {
  let store: StoreApp;
  beforeAll(async () => {
    store = await startStoreApp({
      redis: true,
      imports: [HandWrittenModule],
      // On a busy CI machine a counter can take over the default second to answer, and the request is
      // then let through (failing open, as designed): these tests count, so they wait longer.
      env: {
        RAIL_RATE_LIMIT_QUERY: '2/1m',
        RAIL_RATE_LIMIT_MUTATION: '2/1m',
        RAIL_RATE_LIMIT_REDIS_TIMEOUT_MS: '10000',
      },
    });
  });
  afterAll(() => store.close());

  it('gives each signed-in user a bucket of their own (so it runs after authentication)', async () => {
    const sales = bearer((await store.signIn('sales@acme.example')).accessToken);
    await store.graphql(STATS).expect(200);
    await store.graphql(STATS).expect(200);
    expect(codes((await store.graphql(STATS).expect(429)).body)).toEqual(['RATE_LIMITED']);
    // The same address, another user: untouched.
    const other = await store.graphql(STATS, {}, sales).expect(200);
    expect(other.headers['ratelimit-remaining']).toBe('1');
  });

  it('counts mutations apart from queries', async () => {
    // The default user's queries are used up; its mutations are not.
    const first = await store.graphql('mutation { ping }').expect(200);
    expect(first.headers['ratelimit-limit']).toBe('2');
    expect(first.headers['ratelimit-remaining']).toBe('1');
    await store.graphql('mutation { ping }').expect(200);
    const refused = await store.graphql('mutation { ping }').expect(429);
    expect(codes(refused.body)).toEqual(['RATE_LIMITED']);
  });

  it('counts every root field of a query, and the headers keep the tightest', async () => {
    const catalog = bearer((await store.signIn('catalog_viewer@acme.example')).accessToken);
    const response = await store
      .graphql(
        '{ a: storeStats { products } b: storeStats { products } c: storeStats { products } }',
        {},
        catalog,
      )
      .expect(429);
    expect(response.body.data).toBeNull();
    expect(codes(response.body)).toEqual(['RATE_LIMITED']);
    expect(response.headers['ratelimit-remaining']).toBe('0');
  });
});

describe('rate limit: @Throttle and @SkipThrottle on hand-written resolvers', () => {
  let store: StoreApp;
  beforeAll(async () => {
    store = await startStoreApp({
      redis: true,
      user: null,
      imports: [HandWrittenModule],
      env: { RAIL_RATE_LIMIT_QUERY: '5/1m' },
    });
  });
  afterAll(() => store.close());

  it('applies @Throttle({ default }) to the resolver on a counter of its own', async () => {
    await store.graphql('{ scarce }').expect(200);
    const second = await store.graphql('{ scarce }').expect(200);
    expect(second.headers['ratelimit-limit']).toBe('2');
    expect(second.headers['ratelimit-remaining']).toBe('0');
    expect(codes((await store.graphql('{ scarce }').expect(429)).body)).toEqual(['RATE_LIMITED']);
    // The address's other queries still have their bucket, untouched by `scarce`.
    const hello = await store.graphql('{ hello }').expect(200);
    expect(hello.headers['ratelimit-limit']).toBe('5');
    expect(hello.headers['ratelimit-remaining']).toBe('4');
  });

  it('applies @Throttle naming the bucket', async () => {
    await store.graphql('{ single }').expect(200);
    expect(codes((await store.graphql('{ single }').expect(429)).body)).toEqual(['RATE_LIMITED']);
  });

  it('lets @SkipThrottle() and @SkipThrottle({ query: true }) through however often', async () => {
    for (let index = 0; index < 12; index++) {
      const response = await store.graphql('{ unlimited unlimitedQuery }').expect(200);
      expect(response.body.data).toEqual({ unlimited: 'unlimited', unlimitedQuery: 'unlimited' });
      expect(response.headers['ratelimit-limit']).toBeUndefined();
    }
  });
});

const describeWithRedis = testServices().redisUrl ? describe : describe.skip;

describeWithRedis('rate limit: Redis shared by two instances', () => {
  const prefix = `rail_rate_limit_test_${Date.now().toString(36)}_${process.pid}:`;
  const anonymous = { authorization: '' };
  let first: StoreApp;
  let second: StoreApp;
  let redis: Redis;
  beforeAll(async () => {
    // Anonymous callers: two apps in one process cannot both verify tokens (passport keeps one
    // strategy per name, the last app's), so the shared bucket here is the address's.
    const env = { RAIL_RATE_LIMIT_QUERY: '4/1m', REDIS_KEY_PREFIX: prefix };
    first = await startStoreApp({ redis: true, user: null, imports: [HandWrittenModule], env });
    second = await startStoreApp({ redis: true, user: null, imports: [HandWrittenModule], env });
    redis = new Redis(testServices().redisUrl!);
  });
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('counts one caller on both instances together', async () => {
    const remaining: string[] = [];
    for (const store of [first, second, first, second]) {
      const response = await store.graphql('{ hello }', {}, anonymous).expect(200);
      expect(response.body.data).toEqual({ hello: 'hello' });
      remaining.push(response.headers['ratelimit-remaining']);
    }
    expect(remaining).toEqual(['3', '2', '1', '0']);
    expect(codes((await first.graphql('{ hello }', {}, anonymous).expect(429)).body)).toEqual([
      'RATE_LIMITED',
    ]);
    expect(codes((await second.graphql('{ hello }', {}, anonymous).expect(429)).body)).toEqual([
      'RATE_LIMITED',
    ]);
    // One counter for the caller's query bucket, held for the block: both instances used it.
    const keys = await redis.keys(`${prefix}rate-limit:*`);
    expect(keys).toHaveLength(1);
    expect(keys[0].slice(prefix.length)).toMatch(/^rate-limit:query:60000:4:\d+:\{query:ip:127\.0\.0\.1\}$/);
  });
});
