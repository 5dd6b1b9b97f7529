/** How a task should be run, as `TaskService.enqueue` (or a sweep, or a retry) hands it to the backend. */
export interface ScheduledTask {
  readonly taskId: string;
  /** The `@TaskHandler` name (the backend finds its queue from it). */
  readonly name: string;
  /** Not before this many milliseconds from now. */
  readonly delayMs: number;
  /** Attempts already made: names the Redis job of the next one, so that scheduling twice is harmless. */
  readonly attempts: number;
}

/**
 * Decides when tasks run; the `task_run` rows decide what and whether. Both
 * backends pass the same behavioural tests (`test/tasks.e2e-spec.ts`).
 */
export interface TaskBackend {
  readonly kind: 'inline' | 'redis';
  start(): Promise<void>;
  /**
   * Throws `SERVICE_UNAVAILABLE` at once when a task enqueued now could not be
   * scheduled (Redis unreachable), so that `enqueue` refuses before it writes the row.
   */
  assertCanSchedule(): Promise<void>;
  schedule(task: ScheduledTask): Promise<void>;
  /** Stops taking tasks and waits (up to the drain timeout) for the running ones. */
  drain(): Promise<void>;
  /** Throws when the backend cannot take tasks (Redis unreachable, shutting down). */
  assertReady(): Promise<void>;
}

export const TASK_BACKEND = Symbol('RAIL_TASK_BACKEND');
