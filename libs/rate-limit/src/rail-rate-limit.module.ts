import { Module } from '@nestjs/common';
import {
  getOptionsToken,
  getStorageToken,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { railLibraryModule, type RailLibraryAsyncOptions } from '@rail/core';
import { RailRateLimitGuard } from './rail-rate-limit.guard.js';
import {
  bucketsOf,
  RAIL_RATE_LIMIT_OPTIONS,
  rateLimitOptionsSchema,
  type RailRateLimitOptions,
  type ResolvedRateLimitOptions,
} from './rail-rate-limit.options.js';
import { RATE_LIMIT_BUCKETS } from './rate-limit-bucket.decorator.js';
import { RateLimitClassifier } from './rate-limit-classifier.js';
import { RateLimitRefusals } from './rate-limit-refusals.js';
import { RateLimitStatusPlugin } from './rate-limit-status.plugin.js';
import { MemoryThrottlerStorage } from './memory-throttler.storage.js';
import { RedisThrottlerStorage } from './redis-throttler.storage.js';

/** `forRootAsync`'s argument; a `useClass` / `useExisting` class implements `createRateLimitOptions()`. */
export type RailRateLimitAsyncOptions = RailLibraryAsyncOptions<
  RailRateLimitOptions,
  'createRateLimitOptions'
>;

/** One named throttler per bucket; `@Throttle({ query: … })` and `@SkipThrottle({ auth: true })` name them. */
function throttlerOptions(options: ResolvedRateLimitOptions): ThrottlerModuleOptions {
  return {
    throttlers: RATE_LIMIT_BUCKETS.map((name) => {
      const { limit, ttlMs, blockMs } = options.buckets[name];
      return { name, limit, ttl: ttlMs, ...(blockMs === undefined ? {} : { blockDuration: blockMs }) };
    }),
    // The guard writes one set of RateLimit-* headers itself, not one per bucket.
    setHeaders: false,
  };
}

function throttlerStorage(options: ResolvedRateLimitOptions): ThrottlerStorage {
  return options.enabled && options.redisUrl
    ? new RedisThrottlerStorage(options.redisUrl, options.redisKeyPrefix, options.redisCommandTimeoutMs)
    : new MemoryThrottlerStorage();
}

/**
 * Rate limits for every GraphQL root field and REST route, in three buckets
 * (queries, mutations, sign-in and MFA), per user or per client address, in
 * Redis when there is one. It runs after authentication whatever the import order (the core's guard pipeline).
 *
 * @example
 * RailRateLimitModule.forRoot({ redisUrl: process.env.REDIS_URL, auth: { limit: 10, ttlMs: 60_000 } })
 */
@Module({})
export class RailRateLimitModule extends railLibraryModule({
  name: 'RailRateLimitModule',
  schema: rateLimitOptionsSchema,
  optionsToken: RAIL_RATE_LIMIT_OPTIONS,
  factoryMethodName: 'createRateLimitOptions',
  resolve: bucketsOf,
  module: {
    providers: [
      // @nestjs/throttler's own tokens, so that its guard and decorators work as documented.
      { provide: getOptionsToken(), inject: [RAIL_RATE_LIMIT_OPTIONS], useFactory: throttlerOptions },
      { provide: getStorageToken(), inject: [RAIL_RATE_LIMIT_OPTIONS], useFactory: throttlerStorage },
      RateLimitClassifier,
      RateLimitRefusals,
      RateLimitStatusPlugin,
      RailRateLimitGuard,
    ],
    exports: [RAIL_RATE_LIMIT_OPTIONS],
  },
}) {}
