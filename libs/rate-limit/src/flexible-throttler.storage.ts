import type { ThrottlerStorage } from '@nestjs/throttler';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** The shape of one bucket's limiter, as rate-limiter-flexible takes it (whole seconds). */
export interface LimiterShape {
  /** Tells counters of different shapes apart (the bucket's name, window, limit and block). */
  readonly keyPrefix: string;
  readonly points: number;
  readonly duration: number;
  readonly blockDuration: number;
}

export const seconds = (ms: number): number => Math.ceil(ms / 1000);

/**
 * `@nestjs/throttler` counters kept by rate-limiter-flexible: a fixed window
 * per caller and bucket, and a block of its own once a caller is over the
 * limit. Each hit is O(1) in time and memory whatever the limit (the
 * throttler's own in-memory storage keeps and filters one timestamp per hit).
 * Subclasses say where the counters live.
 */
export abstract class FlexibleThrottlerStorage implements ThrottlerStorage {
  /** One limiter per bucket shape (window, limit, block), made on its first hit. */
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  protected abstract createLimiter(shape: LimiterShape): RateLimiterAbstract;

  /** Where a bucket's keys start: its shape is part of them, so two buckets never share a counter. */
  protected abstract keyPrefixOf(shape: string): string;

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    try {
      const hit = await this.limiter(throttlerName, ttl, limit, blockDuration).consume(`{${key}}`);
      // Seconds, as the throttler's own in-memory storage answers.
      return {
        totalHits: hit.consumedPoints,
        timeToExpire: seconds(hit.msBeforeNext),
        isBlocked: false,
        timeToBlockExpire: 0,
      };
    } catch (refusal) {
      // Not a refusal but the store failing: the guard decides (it lets the request through).
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return {
        totalHits: refusal.consumedPoints,
        timeToExpire: seconds(refusal.msBeforeNext),
        isBlocked: true,
        timeToBlockExpire: seconds(refusal.msBeforeNext),
      };
    }
  }

  private limiter(name: string, ttlMs: number, limit: number, blockMs: number): RateLimiterAbstract {
    const shape = `${name}:${ttlMs}:${limit}:${blockMs}`;
    let limiter = this.limiters.get(shape);
    if (!limiter) {
      limiter = this.createLimiter({
        keyPrefix: this.keyPrefixOf(shape),
        points: limit,
        duration: seconds(ttlMs),
        blockDuration: seconds(blockMs),
      });
      this.limiters.set(shape, limiter);
    }
    return limiter;
  }
}
