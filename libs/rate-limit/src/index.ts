export { RailRateLimitModule, type RailRateLimitAsyncOptions } from './rail-rate-limit.module.js';
export {
  DEFAULT_AUTH_FIELDS,
  DEFAULT_RATE_LIMITS,
  parseRateLimitSpec,
  RAIL_RATE_LIMIT_OPTIONS,
  type RailRateLimitOptions,
  type RateLimitBucketOptions,
  resolveRateLimitOptions,
  type ResolvedRateLimitBucket,
  type ResolvedRateLimitOptions,
} from './rail-rate-limit.options.js';
export {
  RATE_LIMIT_BUCKETS,
  RateLimitBucket,
  type RateLimitBucketName,
} from './rate-limit-bucket.decorator.js';
export { RailRateLimitGuard } from './rail-rate-limit.guard.js';
export { FlexibleThrottlerStorage } from './flexible-throttler.storage.js';
export { MemoryThrottlerStorage } from './memory-throttler.storage.js';
export { RedisThrottlerStorage } from './redis-throttler.storage.js';
// @nestjs/throttler's decorators name Rail's buckets (`query`, `mutation`, `auth`) or `default` (any).
export { SkipThrottle, Throttle } from '@nestjs/throttler';
