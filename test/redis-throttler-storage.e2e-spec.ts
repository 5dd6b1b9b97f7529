import { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { RedisThrottlerStorage } from '../libs/rate-limit/src/redis-throttler.storage.js';
import { testServices } from './support/services.js';

// A real Redis: set REDIS_URL (CI's second pass, which runs test/, does) to run these.
// The counters are rate-limiter-flexible's, as the export limits' are: one engine.
const redisUrl = testServices().redisUrl;
const describeWithRedis = redisUrl ? describe : describe.skip;

describeWithRedis('RedisThrottlerStorage', () => {
  const prefix = `rail_rate_limit_spec_${Date.now().toString(36)}_${process.pid}:`;
  let storages: RedisThrottlerStorage[];
  let redis: Redis;
  beforeAll(async () => {
    storages = [new RedisThrottlerStorage(redisUrl!, prefix), new RedisThrottlerStorage(redisUrl!, prefix)];
    // As Nest does when the app starts.
    await Promise.all(storages.map((storage) => storage.onModuleInit()));
    redis = new Redis(redisUrl!);
  });
  afterAll(async () => {
    await Promise.all(storages.map((storage) => storage.onApplicationShutdown()));
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('counts hits in a window, then blocks for the block duration', async () => {
    const [storage] = storages;
    const hit = () => storage.increment('window', 60_000, 2, 30_000, 'query');
    expect(await hit()).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    expect(await hit()).toMatchObject({ totalHits: 2, isBlocked: false });
    expect(await hit()).toEqual({ totalHits: 3, timeToExpire: 30, isBlocked: true, timeToBlockExpire: 30 });
    // Still blocked for what is left of the block, not for a new one.
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
    const [key] = await redis.keys(`${prefix}query:60000:2:30000*{window}`);
    expect(await redis.pttl(key)).toBeGreaterThan(29_000);
    expect(await redis.pttl(key)).toBeLessThanOrEqual(30_000);
  });

  it('starts a fresh window once the block is over', async () => {
    const [storage] = storages;
    const hit = () => storage.increment('expiring', 1000, 1, 1000, 'auth');
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 1 });
    await sleep(1100);
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('keeps buckets of different shapes apart, also for one caller', async () => {
    const [storage] = storages;
    await storage.increment('apart', 60_000, 1, 0, 'query');
    expect(await storage.increment('apart', 60_000, 1, 0, 'query')).toMatchObject({ isBlocked: true });
    expect(await storage.increment('apart', 60_000, 1, 0, 'mutation')).toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
  });

  it('refuses over the limit until the window ends when there is no block', async () => {
    const [storage] = storages;
    const hit = () => storage.increment('no-block', 60_000, 1, 0, 'query');
    await hit();
    expect(await hit()).toMatchObject({ totalHits: 2, isBlocked: true, timeToBlockExpire: 60 });
    expect(await hit()).toMatchObject({ totalHits: 3, isBlocked: true });
  });

  it('shares the counters between instances, and counts concurrent hits exactly', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        storages[index % 2].increment('shared', 60_000, 25, 60_000, 'query'),
      ),
    );
    expect(results.filter((result) => !result.isBlocked)).toHaveLength(25);
    expect(
      results
        .filter((result) => !result.isBlocked)
        .map((result) => result.totalHits)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 25 }, (_, index) => index + 1));
  });
});
