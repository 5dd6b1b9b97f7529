import { setTimeout as sleep } from 'node:timers/promises';
import { MemoryThrottlerStorage } from './memory-throttler.storage.js';

// The counters of an app without Redis: the same windows and blocks as RedisThrottlerStorage's.
describe('MemoryThrottlerStorage', () => {
  it('counts hits in a window, then blocks for the block duration', async () => {
    const storage = new MemoryThrottlerStorage();
    const hit = () => storage.increment('window', 60_000, 2, 30_000, 'query');
    expect(await hit()).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    expect(await hit()).toMatchObject({ totalHits: 2, isBlocked: false });
    expect(await hit()).toEqual({ totalHits: 3, timeToExpire: 30, isBlocked: true, timeToBlockExpire: 30 });
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
  });

  it('starts a fresh window once the block is over', async () => {
    const storage = new MemoryThrottlerStorage();
    const hit = () => storage.increment('expiring', 1000, 1, 1000, 'auth');
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 1 });
    await sleep(1100);
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('keeps callers and buckets of different shapes apart', async () => {
    const storage = new MemoryThrottlerStorage();
    await storage.increment('apart', 60_000, 1, 0, 'query');
    expect(await storage.increment('apart', 60_000, 1, 0, 'query')).toMatchObject({ isBlocked: true });
    expect(await storage.increment('apart', 60_000, 1, 0, 'mutation')).toMatchObject({ isBlocked: false });
    expect(await storage.increment('other', 60_000, 1, 0, 'query')).toMatchObject({ isBlocked: false });
  });

  it('counts a generous limit exactly, however many hits it holds', async () => {
    // The throttler's own storage keeps (and filters on every hit) one timestamp per hit of the window.
    const storage = new MemoryThrottlerStorage();
    const limit = 50_000;
    let last;
    for (let index = 0; index < limit; index += 1)
      last = await storage.increment('busy', 60_000, limit, 0, 'query');
    expect(last).toMatchObject({ totalHits: limit, isBlocked: false });
    expect(await storage.increment('busy', 60_000, limit, 0, 'query')).toMatchObject({ isBlocked: true });
  });
});
