/** How a task should be run, as `TaskService.enqueue` hands it to the backend. */
export interface ScheduledTask {
  readonly taskId: string;
  /** Not before this many milliseconds from now. */
  readonly delayMs: number;
  readonly maxAttempts: number;
  readonly backoff: 'fixed' | 'exponential';
  readonly backoffMs: number;
}

/**
 * Decides when tasks run; the `task_run` rows decide what and whether. Both
 * backends pass the same behavioural tests (`test/tasks.e2e-spec.ts`).
 */
export interface TaskBackend {
  readonly kind: 'inline' | 'bull';
  schedule(task: ScheduledTask): Promise<void>;
  /** Stops taking tasks and waits (up to the drain timeout) for the running ones. */
  drain(): Promise<void>;
  /** Throws when the backend cannot take tasks (Redis unreachable, shutting down). */
  assertReady(): Promise<void>;
}

export const TASK_BACKEND = Symbol('RAIL_TASK_BACKEND');
