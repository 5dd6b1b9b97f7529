import { Logger } from '@nestjs/common';
import type { RailSignal, RailSignals, TaskContext } from '@rail/core';
import type { DataSource, QueryDeepPartialEntity } from 'typeorm';
import { backoffDelay, maskedTaskError, TaskTimeoutError } from './task-failure.js';
import type { TaskHandlerRegistry } from './task-handler.registry.js';
import { TaskRun, type TaskStatus } from './task-run.entity.js';
import type { ResolvedTasksOptions } from './rail-tasks.options.js';
import { INTERRUPTED_LAST_ATTEMPT, type AttemptLease, TaskRunStore } from './task-run.store.js';

export type AttemptOutcome =
  | { readonly kind: 'skipped' }
  | { readonly kind: 'succeeded' }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'failed' }
  | { readonly kind: 'retry'; readonly delayMs: number; readonly name: string; readonly attempts: number };

/** Progress is written at most this often (and always at 100). */
const PROGRESS_WRITE_INTERVAL_MS = 200;

/**
 * Runs one attempt of a task, whatever the backend: claims the row (only one
 * runner can), calls the handler with a context (progress, cancellation,
 * timeout), and records the outcome. The row is the source of truth; the
 * backend only decides when this is called.
 */
export class TaskRunner {
  private readonly logger = new Logger('TaskRunner');
  readonly store: TaskRunStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly handlers: TaskHandlerRegistry,
    private readonly options: ResolvedTasksOptions,
    private readonly signals?: RailSignals,
  ) {
    this.store = new TaskRunStore(dataSource);
  }

  /**
   * One attempt, if `lease.owner` wins the row (see {@link TaskRunStore.claim});
   * a row it may take over but not run (cancelled, out of attempts) is ended.
   */
  async runAttempt(taskId: string, lease: AttemptLease): Promise<AttemptOutcome> {
    if (!(await this.store.claim(taskId, lease))) {
      const settled = await this.store.settleUnrunnable(taskId, lease);
      if (settled === 'FAILED') this.logger.error(`Task ${taskId}: ${INTERRUPTED_LAST_ATTEMPT}`);
      return settled === null ? { kind: 'skipped' } : { kind: settled === 'FAILED' ? 'failed' : 'cancelled' };
    }
    const owner = lease.owner;
    const task = await this.dataSource.getRepository(TaskRun).findOneByOrFail({ id: taskId });
    const handler = this.handlers.get(task.name);
    const controller = new AbortController();
    const stopWatching = this.watchTheRow(taskId, owner, controller);
    const timeoutMs = task.options?.timeoutMs ?? this.options.defaults.timeoutMs;
    const timer = setTimeout(() => controller.abort(new TaskTimeoutError(timeoutMs)), timeoutMs);
    const startedAt = performance.now();
    let outcome: AttemptOutcome | undefined;
    try {
      if (!handler) throw new Error(`No @TaskHandler('${task.name}') in this app`);
      const result = await Promise.race([
        Promise.resolve(handler(task.payload, this.contextOf(task, owner, controller.signal))),
        aborted(controller.signal),
      ]);
      if (controller.signal.reason instanceof TaskCancelled)
        return (outcome = await this.finishCancelled(taskId, owner));
      if (controller.signal.reason instanceof TaskLeaseLost) return (outcome = { kind: 'skipped' });
      await this.finish(taskId, owner, 'SUCCEEDED', { progress: 100, result: jsonOf(result) });
      return (outcome = { kind: 'succeeded' });
    } catch (error) {
      if (controller.signal.reason instanceof TaskCancelled)
        return (outcome = await this.finishCancelled(taskId, owner));
      // The row is another runner's now: this one writes nothing.
      if (controller.signal.reason instanceof TaskLeaseLost) return (outcome = { kind: 'skipped' });
      return (outcome = await this.failAttempt(task, owner, error));
    } finally {
      clearTimeout(timer);
      stopWatching();
      // Reported once the outcome is recorded; an attempt whose row could not be updated is not.
      if (outcome) this.signalAttempt(task.name, outcome, controller.signal.reason, startedAt);
    }
  }

  /** The attempt for operators' metrics (RailSignals); free when no one listens. */
  private signalAttempt(
    name: string,
    outcome: AttemptOutcome,
    abortReason: unknown,
    startedAt: number,
  ): void {
    if (!this.signals?.listened || outcome.kind === 'skipped') return;
    const failed = outcome.kind === 'failed' || outcome.kind === 'retry';
    const signalled: Extract<RailSignal, { kind: 'task.attempt' }>['outcome'] =
      failed && abortReason instanceof TaskTimeoutError
        ? 'timed_out'
        : outcome.kind === 'retry'
          ? 'retrying'
          : outcome.kind;
    this.signals.emit({
      kind: 'task.attempt',
      task: name,
      outcome: signalled,
      durationMs: performance.now() - startedAt,
    });
  }

  private contextOf(task: TaskRun, owner: string, signal: AbortSignal): TaskContext {
    let lastWrite = 0;
    return {
      taskId: task.id,
      name: task.name,
      attempt: task.attempts,
      maxAttempts: task.maxAttempts,
      createdBy: task.createdBy,
      companyId: task.companyId,
      signal,
      progress: async (percent: number) => {
        const value = Math.max(0, Math.min(100, Math.round(percent)));
        const now = Date.now();
        if (value < 100 && now - lastWrite < PROGRESS_WRITE_INTERVAL_MS) return;
        lastWrite = now;
        await this.store.updateOwned(task.id, owner, { progress: value });
      },
    };
  }

  /**
   * Polls the row, so that a cancel from any instance reaches the handler, and
   * so that a runner whose row is no longer its own (another instance took it
   * over after this one stalled past its lease, or the row was ended) stops
   * instead of running beside the new owner.
   */
  private watchTheRow(taskId: string, owner: string, controller: AbortController): () => void {
    const interval = setInterval(() => {
      this.dataSource
        .getRepository(TaskRun)
        .findOne({
          where: { id: taskId },
          select: { id: true, cancelRequestedAt: true, status: true, leaseOwner: true },
        })
        .then((row) => {
          if (controller.signal.aborted) return;
          if (row?.cancelRequestedAt) controller.abort(new TaskCancelled());
          else if (row?.status !== 'RUNNING' || row.leaseOwner !== owner)
            controller.abort(new TaskLeaseLost());
        })
        .catch((error: unknown) =>
          this.logger.warn(`Cancellation check of task ${taskId} failed: ${String(error)}`),
        );
    }, this.options.cancelPollMs);
    return () => clearInterval(interval);
  }

  private async failAttempt(task: TaskRun, owner: string, error: unknown): Promise<AttemptOutcome> {
    const message = maskedTaskError(error, task.id);
    this.logger.error(
      `Task ${task.id} (${task.name}) attempt ${task.attempts}/${task.maxAttempts} failed`,
      error instanceof Error ? error.stack : String(error),
    );
    if (task.attempts < task.maxAttempts) {
      const delayMs = backoffDelay(
        task.options?.backoff ?? this.options.defaults.backoff,
        task.options?.backoffMs ?? this.options.defaults.backoffMs,
        task.attempts,
      );
      await this.store.updateOwned(task.id, owner, {
        status: 'PENDING',
        error: message,
        runAt: new Date(Date.now() + delayMs),
        leaseOwner: null,
        leaseExpiresAt: null,
      });
      return { kind: 'retry', delayMs, name: task.name, attempts: task.attempts };
    }
    await this.finish(task.id, owner, 'FAILED', { error: message });
    return { kind: 'failed' };
  }

  private async finishCancelled(taskId: string, owner: string): Promise<AttemptOutcome> {
    await this.finish(taskId, owner, 'CANCELLED', {});
    return { kind: 'cancelled' };
  }

  /** Only while `owner` holds the row: a runner whose task was taken over writes nothing. */
  private async finish(
    taskId: string,
    owner: string,
    status: TaskStatus,
    values: Partial<Pick<TaskRun, 'progress' | 'result' | 'error'>>,
  ): Promise<void> {
    // `result` is JSON of the handler's making, which TypeORM's partial type cannot describe.
    await this.store.updateOwned(taskId, owner, {
      ...values,
      status,
      finishedAt: new Date(),
      leaseOwner: null,
      leaseExpiresAt: null,
    } as QueryDeepPartialEntity<TaskRun>);
  }
}

/** The abort reason of a cancelled task. */
class TaskCancelled extends Error {
  constructor() {
    super('The task was cancelled');
    this.name = 'TaskCancelled';
  }
}

/** The abort reason of a runner whose row another instance took over (or ended). */
class TaskLeaseLost extends Error {
  constructor() {
    super('Another instance took the task over');
    this.name = 'TaskLeaseLost';
  }
}

/** Settles (rejects) when the signal aborts, so a handler that ignores it cannot hold the attempt. */
function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}

/** The result as stored: JSON only (dates become strings, functions vanish). */
function jsonOf(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}
