import type { RailTasksOptions } from '@rail/tasks';

/** A number from the environment, or `undefined` for the library's default (its validation names a bad value). */
const numberFrom = (value: string | undefined): number | undefined =>
  value === undefined || value === '' ? undefined : Number(value);

/** `webhooks=8,reports=1`: each queue's concurrency. */
function queuesFrom(value: string | undefined): RailTasksOptions['queues'] {
  if (!value) return undefined;
  return Object.fromEntries(
    value
      .split(',')
      .map((pair) => pair.split('=').map((part) => part.trim()))
      .map(([name = '', concurrency = '']) => [name, { concurrency: Number(concurrency) }]),
  );
}

/**
 * The sample app's task options from the environment (docs/tasks.md): the
 * backend (`inline`, or `redis` — `bull` is its former name), the queues'
 * concurrency, and the intervals that decide how fast a dead instance's or
 * worker's tasks are taken over.
 */
export function storeTasksOptions(env: NodeJS.ProcessEnv = process.env): RailTasksOptions {
  return {
    // Passed through as given: an unknown backend is refused at start-up, naming the key.
    backend: (env.RAIL_TASK_BACKEND || 'inline') as RailTasksOptions['backend'],
    redisUrl: env.REDIS_URL || undefined,
    redisKeyPrefix: `${env.REDIS_KEY_PREFIX ?? 'rail:'}tasks`,
    worker: env.RAIL_TASK_WORKER !== 'false',
    concurrency: numberFrom(env.RAIL_TASK_CONCURRENCY),
    queues: queuesFrom(env.RAIL_TASK_QUEUES),
    // Tasks enqueued inside a transaction (webhook deliveries) start within a second of the commit.
    sweepIntervalMs: numberFrom(env.RAIL_TASK_SWEEP_MS) ?? 1000,
    leaseMs: numberFrom(env.RAIL_TASK_LEASE_MS),
    heartbeatMs: numberFrom(env.RAIL_TASK_HEARTBEAT_MS),
    lockMs: numberFrom(env.RAIL_TASK_LOCK_MS),
    stalledIntervalMs: numberFrom(env.RAIL_TASK_STALLED_INTERVAL_MS),
    drainTimeoutMs: numberFrom(env.RAIL_TASK_DRAIN_TIMEOUT_MS),
  };
}
