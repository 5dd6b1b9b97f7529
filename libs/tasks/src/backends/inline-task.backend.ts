import { Logger } from '@nestjs/common';
import { type DataSource, LessThanOrEqual } from 'typeorm';
import type { ResolvedTasksOptions } from '../rail-tasks.options.js';
import { TaskRun } from '../task-run.entity.js';
import type { TaskRunner } from '../task-runner.js';
import type { ScheduledTask, TaskBackend } from './task-backend.js';

/**
 * Runs tasks in this process with bounded concurrency, retries with backoff
 * through the row's `run_at`. Nothing lives only in memory: a task's row
 * stays `PENDING` until it runs, so tasks pending at shutdown, or running
 * when the process died, run after the next start. One instance per
 * database: several instances need the `bull` backend.
 */
export class InlineTaskBackend implements TaskBackend {
  readonly kind = 'inline' as const;
  private readonly logger = new Logger('InlineTaskBackend');
  private readonly waiting: string[] = [];
  private readonly known = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private sweeper?: NodeJS.Timeout;
  private draining = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: TaskRunner,
    private readonly options: ResolvedTasksOptions,
  ) {}

  /** Picks up what a previous process left: running rows (it died) go back to pending. */
  async start(): Promise<void> {
    if (!this.options.worker) return;
    await this.dataSource.getRepository(TaskRun).update({ status: 'RUNNING' }, { status: 'PENDING' });
    await this.sweep();
    this.sweeper = setInterval(() => {
      this.sweep().catch((error: unknown) => this.logger.warn(`Task sweep failed: ${String(error)}`));
    }, this.options.sweepIntervalMs);
    this.sweeper.unref();
  }

  schedule(task: ScheduledTask): Promise<void> {
    if (!this.options.worker || this.draining || this.known.has(task.taskId)) return Promise.resolve();
    this.known.add(task.taskId);
    if (task.delayMs > 0) {
      const timer = setTimeout(() => {
        this.timers.delete(task.taskId);
        this.enqueue(task.taskId);
      }, task.delayMs);
      this.timers.set(task.taskId, timer);
    } else {
      this.enqueue(task.taskId);
    }
    return Promise.resolve();
  }

  async drain(): Promise<void> {
    this.draining = true;
    if (this.sweeper) clearInterval(this.sweeper);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.waiting.length = 0;
    const running = Promise.all(this.running.values());
    let timeout: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timeout = setTimeout(() => resolve('late'), this.options.drainTimeoutMs);
    });
    if ((await Promise.race([running.then(() => 'done' as const), late])) === 'late') {
      this.logger.warn(
        `${this.running.size} task(s) still running at shutdown; they run again after the next start`,
      );
    }
    clearTimeout(timeout);
  }

  assertReady(): Promise<void> {
    return this.draining ? Promise.reject(new Error('draining')) : Promise.resolve();
  }

  /**
   * Rows this process does not know about yet (enqueued in a transaction, or
   * left by a restart), due before the next sweep: each is timed for its `run_at`.
   */
  private async sweep(): Promise<void> {
    if (this.draining) return;
    const now = Date.now();
    const due = await this.dataSource.getRepository(TaskRun).find({
      where: { status: 'PENDING', runAt: LessThanOrEqual(new Date(now + this.options.sweepIntervalMs)) },
      select: { id: true, runAt: true },
      order: { runAt: 'ASC' },
      take: 100,
    });
    for (const { id, runAt } of due) {
      await this.schedule({
        taskId: id,
        delayMs: Math.max(0, runAt.getTime() - now),
        maxAttempts: 0,
        backoff: 'fixed',
        backoffMs: 0,
      });
    }
  }

  private enqueue(taskId: string): void {
    if (this.draining) return;
    this.waiting.push(taskId);
    this.pump();
  }

  private pump(): void {
    while (!this.draining && this.running.size < this.options.concurrency && this.waiting.length > 0) {
      const taskId = this.waiting.shift()!;
      const run = this.runOne(taskId).finally(() => {
        this.running.delete(taskId);
        this.pump();
      });
      this.running.set(taskId, run);
    }
  }

  private async runOne(taskId: string): Promise<void> {
    try {
      const outcome = await this.runner.runAttempt(taskId);
      this.known.delete(taskId);
      if (outcome.kind === 'retry') {
        await this.schedule({
          taskId,
          delayMs: outcome.delayMs,
          maxAttempts: 0,
          backoff: 'fixed',
          backoffMs: 0,
        });
      }
    } catch (error) {
      // The row is still there: the sweep retries once the cause (a lost connection) is gone.
      this.known.delete(taskId);
      this.logger.error(
        `Task ${taskId} could not be run`,
        error instanceof Error ? error.stack : String(error),
      );
    }
  }
}
