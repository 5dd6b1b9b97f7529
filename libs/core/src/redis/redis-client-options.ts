/**
 * The ioredis options every Redis client of the Rail libraries starts from
 * (a structural subset of ioredis' `RedisOptions`, so that the core needs no
 * Redis client of its own).
 */
export interface RailRedisClientOptions {
  readonly enableOfflineQueue: false;
  readonly commandTimeout: number;
  readonly connectTimeout: number;
  readonly maxRetriesPerRequest: number;
  readonly retryStrategy: (attempt: number) => number;
}

export interface RailRedisLimits {
  /** A command without an answer after this long fails with "Command timed out". Default 1000 ms. */
  readonly commandTimeoutMs?: number;
  /** A connection attempt gives up after this long (then ioredis retries in the background). Default 2000 ms. */
  readonly connectTimeoutMs?: number;
}

export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 1000;
export const DEFAULT_REDIS_CONNECT_TIMEOUT_MS = 2000;

/**
 * Bounded waits for Redis: no offline queue, so that while Redis is away a
 * command fails at once instead of queueing until a reconnection that may
 * never come; a command timeout, so that a Redis that accepts but does not
 * answer (stalled, overloaded) costs at most that long; reconnection in the
 * background, backing off to 2 s. Each library then decides what a failed
 * command means for its feature (docs/operations.md).
 *
 * @example
 * new Redis(url, { ...railRedisClientOptions(), lazyConnect: true })
 */
export function railRedisClientOptions(limits: RailRedisLimits = {}): RailRedisClientOptions {
  return {
    enableOfflineQueue: false,
    commandTimeout: limits.commandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: limits.connectTimeoutMs ?? DEFAULT_REDIS_CONNECT_TIMEOUT_MS,
    // Without an offline queue a command is never retried across a reconnection anyway.
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 250, 2000),
  };
}
