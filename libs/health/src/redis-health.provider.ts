import type { Provider } from '@nestjs/common';
import { RAIL_HEALTH_OPTIONS, type ResolvedHealthOptions } from './rail-health.options.js';
import { RedisHealthCheck } from './redis-health.check.js';

/** The Redis readiness check, or null when no Redis is configured. */
export const REDIS_HEALTH_CHECK = Symbol('REDIS_HEALTH_CHECK');

export const redisHealthProvider: Provider = {
  provide: REDIS_HEALTH_CHECK,
  inject: [RAIL_HEALTH_OPTIONS],
  useFactory: (options: ResolvedHealthOptions) =>
    options.redisUrl ? new RedisHealthCheck(options.redisUrl, options.timeoutMs) : null,
};
