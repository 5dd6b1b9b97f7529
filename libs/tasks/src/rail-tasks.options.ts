import { parseOptions, RailConfigurationError } from '@rail/core';
import { z } from 'zod';

const milliseconds = z.number().int().min(0);

export const tasksOptionsSchema = z.strictObject({
  /** `inline` runs tasks in this process (one instance); `bull` queues them in Redis for any number of workers. */
  backend: z.enum(['inline', 'bull']).default('inline'),
  /** Redis for the `bull` backend. */
  redisUrl: z.string().optional(),
  /** Prefix of the queue's Redis keys, so that several apps (or test runs) share a Redis apart. */
  redisKeyPrefix: z.string().default('rail'),
  /** Whether this instance runs tasks (`false`: it only enqueues, for API-only pods with Bull workers elsewhere). */
  worker: z.boolean().default(true),
  /** Tasks run at once by this instance. */
  concurrency: z.number().int().min(1).max(64).default(2),
  /** Defaults of `enqueue` options. */
  defaults: z
    .strictObject({
      retries: z.number().int().min(0).max(20).default(0),
      backoffMs: milliseconds.default(1000),
      backoff: z.enum(['fixed', 'exponential']).default('exponential'),
      timeoutMs: milliseconds.min(1).default(600_000),
    })
    .prefault({}),
  /** How often a running task looks for a cancellation request. */
  cancelPollMs: milliseconds.min(10).default(250),
  /** How often due tasks whose schedule was lost (enqueued in a transaction, a restart) are picked up. */
  sweepIntervalMs: milliseconds.min(50).default(5000),
  /** How long shutdown waits for running tasks before leaving them to the next start. */
  drainTimeoutMs: milliseconds.default(10_000),
});

export type RailTasksOptions = z.input<typeof tasksOptionsSchema>;
export type ResolvedTasksOptions = z.output<typeof tasksOptionsSchema>;

export const RAIL_TASKS_OPTIONS = Symbol('RAIL_TASKS_OPTIONS');

export function resolveTasksOptions(options: RailTasksOptions): ResolvedTasksOptions {
  const data = parseOptions(tasksOptionsSchema, options, 'RailTasksModule options');
  if (data.backend === 'bull' && !data.redisUrl) {
    throw new RailConfigurationError(
      'Invalid RailTasksModule options:\n  - "redisUrl": the bull backend needs a Redis URL (REDIS_URL)',
    );
  }
  return data;
}
