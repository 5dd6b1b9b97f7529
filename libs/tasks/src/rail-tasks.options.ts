import { DEFAULT_QUEUE, invalidOptions, type OptionProblem, parseOptions } from '@rail/core';
import { z } from 'zod';

const milliseconds = z.number().int().min(0);

const queueName = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, { message: 'lower-case letters, digits, -' });

const queueOptions = z.strictObject({
  /** Tasks of this queue run at once by this instance. */
  concurrency: z.number().int().min(1).max(64),
});

export const tasksOptionsSchema = z.strictObject({
  /**
   * `inline` runs tasks in the app's processes, coordinated through leases on
   * the `task_run` rows; `redis` queues them in Redis with BullMQ. `bull` is
   * the former name of `redis`, still accepted.
   */
  backend: z
    .enum(['inline', 'redis', 'bull'])
    .default('inline')
    .transform((kind) => (kind === 'bull' ? 'redis' : kind)),
  /** Redis for the `redis` backend. */
  redisUrl: z.string().optional(),
  /** Prefix of the queue's Redis keys, so that several apps (or test runs) share a Redis apart. */
  redisKeyPrefix: z.string().default('rail'),
  /** A Redis command (adding a job) fails after this long instead of waiting for Redis to come back. */
  redisCommandTimeoutMs: milliseconds.min(50).default(2000),
  /** Whether this instance runs tasks (`false`: it only enqueues, for API-only pods with workers elsewhere). */
  worker: z.boolean().default(true),
  /** Concurrency of the `default` queue (the one handlers use unless they name another). */
  concurrency: z.number().int().min(1).max(64).default(2),
  /**
   * Concurrency of the queues handlers name (`@TaskHandler(name, { queue })`).
   * Each queue has its own pool of slots, so slow work of one kind (webhook
   * deliveries, queue `webhooks`, to a slow receiver) only delays its own
   * kind. A queue not listed here gets the slots its handler declares
   * (`@TaskHandler(name, { queue, concurrency })`), else `concurrency`.
   */
  queues: z.record(queueName, queueOptions).default({}),
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
  /** How long shutdown waits for running tasks before leaving them to another instance or the next start. */
  drainTimeoutMs: milliseconds.default(10_000),
  /**
   * Inline: how long a running task's row stays this instance's without a
   * heartbeat. Past it, another instance takes the task over (its process died).
   */
  leaseMs: milliseconds.min(100).default(30_000),
  /** Inline: how often an instance renews the leases of the tasks it runs (well under `leaseMs`). */
  heartbeatMs: milliseconds.min(20).default(10_000),
  /** Redis: how long a worker's lock on a job lasts without renewal (BullMQ `lockDuration`). */
  lockMs: milliseconds.min(100).default(30_000),
  /** Redis: how often workers look for jobs whose worker died (BullMQ `stalledInterval`). */
  stalledIntervalMs: milliseconds.min(100).default(30_000),
  /** Redis: how often a job may stall (its worker died) and run again before it fails (BullMQ `maxStalledCount`). */
  maxStalledCount: z.number().int().min(0).max(20).default(1),
});

export type RailTasksOptions = z.input<typeof tasksOptionsSchema>;
export type ResolvedTasksOptions = z.output<typeof tasksOptionsSchema>;
export type TaskBackendKind = ResolvedTasksOptions['backend'];

export const RAIL_TASKS_OPTIONS = Symbol('RAIL_TASKS_OPTIONS');

/** Validates the options and applies the defaults; a wrong key stops start-up with a message naming it. */
export function resolveTasksOptions(options: RailTasksOptions): ResolvedTasksOptions {
  return checkTasksOptions(parseOptions(tasksOptionsSchema, options, 'RailTasksModule options'));
}

/** The checks across keys, on options the schema already validated. */
export function checkTasksOptions(data: ResolvedTasksOptions): ResolvedTasksOptions {
  const problems: OptionProblem[] = [];
  if (data.backend === 'redis' && !data.redisUrl)
    problems.push({
      path: ['redisUrl'],
      expected: 'the redis backend needs a Redis URL (REDIS_URL)',
      received: { value: data.redisUrl },
    });
  if (data.heartbeatMs >= data.leaseMs)
    problems.push({
      path: ['heartbeatMs'],
      expected: `must be shorter than "leaseMs" (${data.leaseMs}), or leases expire between heartbeats`,
      received: { value: data.heartbeatMs },
    });
  if (DEFAULT_QUEUE in data.queues)
    problems.push({
      path: ['queues', DEFAULT_QUEUE],
      expected: `the default queue's concurrency is "concurrency"`,
    });
  if (problems.length > 0) throw invalidOptions('RailTasksModule options', problems);
  return data;
}

/**
 * The slots of each queue: the configured ones, else what a handler declared
 * for its queue, else `concurrency`; and `default`.
 */
export function queueConcurrency(
  options: ResolvedTasksOptions,
  handlerQueues: ReadonlyMap<string, number | undefined>,
): ReadonlyMap<string, number> {
  const slots = new Map<string, number>([[DEFAULT_QUEUE, options.concurrency]]);
  for (const [name, declared] of handlerQueues) slots.set(name, declared ?? options.concurrency);
  for (const [name, queue] of Object.entries(options.queues)) slots.set(name, queue.concurrency);
  return slots;
}
