import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { ThrottleClaim, ThrottlePolicy, ThrottleStore } from './throttle.store.js';

/** A store whose connection the app opens at start-up and closes at shutdown (Redis). */
type ConnectedStore = ThrottleStore & Partial<OnModuleInit & OnApplicationShutdown>;

/**
 * Counts in the primary store (Redis), and in the fallback (the database)
 * while the primary does not answer: sign-in keeps working through a Redis
 * outage, and wrong passwords keep counting and locking. An attempt counted
 * in the fallback says so (`countedIn`), so that taking it back after a
 * success happens in the store that counted it, even when Redis is back by
 * then.
 *
 * What an outage costs, on purpose (docs/operations.md): the two stores do
 * not share counts, so a key's failures before the outage are not seen by
 * the fallback, nor the fallback's afterwards by Redis; at most one more
 * run of `maxFailures` per outage, which no caller can provoke.
 */
export class FallbackThrottleStore implements ThrottleStore, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Auth');
  private lastWarning = 0;

  constructor(
    private readonly primary: ConnectedStore,
    private readonly fallback: ThrottleStore,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.primary.onModuleInit?.();
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    await this.primary.onApplicationShutdown?.(signal);
  }

  async lockedUntil(keys: readonly string[]): Promise<number> {
    try {
      return await this.primary.lockedUntil(keys);
    } catch (error) {
      this.warn(error);
      return this.fallback.lockedUntil(keys);
    }
  }

  async claim(key: string, policy: ThrottlePolicy): Promise<ThrottleClaim> {
    try {
      return await this.primary.claim(key, policy);
    } catch (error) {
      this.warn(error);
      const claim = await this.fallback.claim(key, policy);
      return claim.counted ? { ...claim, countedIn: this.fallback } : claim;
    }
  }

  async refund(key: string, policy: ThrottlePolicy, liftLock: boolean): Promise<void> {
    try {
      await this.primary.refund(key, policy, liftLock);
    } catch (error) {
      // Redis went away between the claim and the success: the attempt stays counted as a failure,
      // the strict side to err on, and the sign-in itself goes through.
      this.warn(error);
    }
  }

  async reset(key: string): Promise<void> {
    try {
      await this.primary.reset(key);
    } catch (error) {
      this.warn(error);
    }
  }

  /** Once a minute: during an outage every sign-in comes through here. */
  private warn(error: unknown): void {
    if (Date.now() - this.lastWarning < 60_000) return;
    this.lastWarning = Date.now();
    const message = error instanceof Error ? error.message : String(error);
    this.logger.warn(`Sign-in throttle: Redis does not answer, counting in the database: ${message}`);
  }
}
