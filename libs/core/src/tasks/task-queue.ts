import type { EntityManager } from 'typeorm';

/** The queue a `@TaskHandler` without one waits in. */
export const DEFAULT_QUEUE = 'default';

/**
 * The GraphQL model of the rows a task queue keeps (`task_run`), for a
 * library that returns a task it enqueued (a background export).
 */
export const TASK_MODEL = 'Task';

export interface EnqueueOptions {
  /** Attempts after the first; default from the module options (0). */
  retries?: number;
  /** The wait before a retry: a fixed delay, or one that doubles each time (default). */
  backoff?: { type?: 'fixed' | 'exponential'; delayMs?: number };
  /** Do not start before this many milliseconds. */
  delay?: number;
  /** Each attempt's time limit; the handler's signal aborts when it is reached. */
  timeout?: number;
  /** The same key (per task name and company) gives back the first task instead of a new one. */
  idempotencyKey?: string;
  /**
   * Enqueue inside this transaction: the task exists only if it commits, and
   * runs after commit (picked up by the backend's sweep).
   */
  transaction?: EntityManager;
}

/**
 * The port through which a library enqueues background work without
 * importing the tasks library (an export, a webhook delivery). @rail/tasks
 * implements it; the handlers are `@TaskHandler` methods, wherever they are
 * declared.
 */
export abstract class TaskQueue {
  /** Enqueues a run of the handler `name`; resolves to the task's id. Unknown names are refused. */
  abstract enqueue(name: string, payload?: unknown, options?: EnqueueOptions): Promise<string>;
}
