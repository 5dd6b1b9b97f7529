import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { queueConcurrency, type ResolvedTasksOptions } from '../rail-tasks.options.js';
import type { TaskHandlerRegistry } from '../task-handler.registry.js';
import type { AttemptLease } from '../task-run.store.js';
import type { TaskRunner } from '../task-runner.js';
import type { ScheduledTask, TaskBackend } from './task-backend.js';
import { TaskPools } from './task-pools.js';

/**
 * Runs tasks in the app's own processes, any number of them on one database.
 * Nothing lives only in memory: a row stays PENDING until an instance claims
 * it with a conditional UPDATE (one instance wins), and the claim is a lease
 * (owner, expiry) the instance renews by heartbeat while the task runs. An
 * instance that dies stops renewing; once its leases expire, the sweep of
 * any other (or of the next start) takes those tasks over, counting the lost
 * attempt. A starting instance leaves live instances' tasks alone.
 */
export class InlineTaskBackend implements TaskBackend {
  readonly kind = 'inline' as const;
  /** Unique per process, readable in `task_run.lease_owner` (which pod runs what). */
  readonly instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly logger = new Logger('InlineTaskBackend');
  private readonly known = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private pools?: TaskPools;
  private sweeper?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;
  private draining = false;

  constructor(
    private readonly runner: TaskRunner,
    private readonly handlers: TaskHandlerRegistry,
    private readonly options: ResolvedTasksOptions,
  ) {}

  private get lease(): AttemptLease {
    return { owner: this.instanceId, takeover: 'expired', leaseMs: this.options.leaseMs };
  }

  async start(): Promise<void> {
    if (!this.options.worker) return;
    this.pools = new TaskPools(
      queueConcurrency(this.options, this.handlers.handlerQueues),
      this.options.concurrency,
      (taskId) => this.runOne(taskId),
    );
    await this.sweep();
    this.sweeper = setInterval(() => {
      this.sweep().catch((error: unknown) => this.logger.warn(`Task sweep failed: ${String(error)}`));
    }, this.options.sweepIntervalMs);
    this.sweeper.unref();
    this.heartbeat = setInterval(() => {
      this.runner.store
        .renewLeases(this.instanceId, this.pools?.runningIds ?? [], this.options.leaseMs)
        .catch((error: unknown) => this.logger.warn(`Task heartbeat failed: ${String(error)}`));
    }, this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  assertCanSchedule(): Promise<void> {
    return Promise.resolve();
  }

  schedule(task: ScheduledTask): Promise<void> {
    if (!this.options.worker || this.draining || this.known.has(task.taskId)) return Promise.resolve();
    this.known.add(task.taskId);
    const queue = this.handlers.queueOf(task.name);
    if (task.delayMs > 0) {
      const timer = setTimeout(() => {
        this.timers.delete(task.taskId);
        this.pools?.add(queue, task.taskId);
      }, task.delayMs);
      this.timers.set(task.taskId, timer);
    } else {
      this.pools?.add(queue, task.taskId);
    }
    return Promise.resolve();
  }

  async drain(): Promise<void> {
    this.draining = true;
    if (this.sweeper) clearInterval(this.sweeper);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    if (!this.pools) return;
    const running = this.pools.stop();
    let timeout: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timeout = setTimeout(() => resolve('late'), this.options.drainTimeoutMs);
    });
    if ((await Promise.race([running.then(() => 'done' as const), late])) === 'late') {
      const left = this.pools.runningIds;
      this.logger.warn(`${left.length} task(s) still running at shutdown; another instance takes them over`);
      // Expired at once: the next instance need not wait out the lease (the attempt counts).
      await this.runner.store
        .releaseLeases(this.instanceId, left)
        .catch((error: unknown) => this.logger.warn(`Releasing task leases failed: ${String(error)}`));
    }
    clearTimeout(timeout);
    if (this.heartbeat) clearInterval(this.heartbeat);
  }

  assertReady(): Promise<void> {
    return this.draining ? Promise.reject(new Error('draining')) : Promise.resolve();
  }

  /**
   * Rows this process does not know about yet, due before the next sweep:
   * PENDING ones (enqueued in a transaction, left by a restart) timed for
   * their `run_at`, and RUNNING ones whose lease expired (their instance
   * died), at once. Claiming decides which instance runs each.
   */
  private async sweep(): Promise<void> {
    if (this.draining) return;
    const now = new Date();
    const store = this.runner.store;
    const pending = await store.duePending(new Date(now.getTime() + this.options.sweepIntervalMs));
    for (const { id, name, runAt, attempts } of pending) {
      await this.schedule({
        taskId: id,
        name,
        attempts,
        delayMs: Math.max(0, runAt.getTime() - now.getTime()),
      });
    }
    for (const { id, name } of await store.expiredRunning(now, this.options.leaseMs)) {
      await this.schedule({ taskId: id, name, attempts: 0, delayMs: 0 });
    }
  }

  private async runOne(taskId: string): Promise<void> {
    try {
      const outcome = await this.runner.runAttempt(taskId, this.lease);
      this.known.delete(taskId);
      if (outcome.kind === 'retry') {
        await this.schedule({
          taskId,
          name: outcome.name,
          delayMs: outcome.delayMs,
          attempts: outcome.attempts,
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
