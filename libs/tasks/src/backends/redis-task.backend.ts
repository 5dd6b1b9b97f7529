import { Logger } from '@nestjs/common';
import { Queue, Worker, type Job } from 'bullmq';
import { DEFAULT_QUEUE, railRedisClientOptions } from '@rail/core';
import { Redis } from 'ioredis';
import { queueConcurrency, type ResolvedTasksOptions } from '../rail-tasks.options.js';
import type { TaskHandlerRegistry } from '../task-handler.registry.js';
import type { TaskRunner } from '../task-runner.js';
import { unavailable } from '../task-unavailable.js';
import type { ScheduledTask, TaskBackend } from './task-backend.js';

interface TaskJob {
  readonly taskId: string;
}

const JOB_OWNER = 'job:';
const FAILED_JOB_KEPT_S = 24 * 60 * 60;

/**
 * Queues tasks in Redis with BullMQ, one BullMQ queue per Rail queue, each
 * with its own workers' concurrency. A job is one attempt: its id is
 * `<task>-r<attempts so far>`, so scheduling the same attempt twice (enqueue
 * and sweep) is harmless, and a retry is a new delayed job. A job whose
 * worker died stalls and runs again (BullMQ's lock keeps it to one worker);
 * the row counts that attempt too, so attempts stay bounded. A job that
 * fails, stalls too often or disappears ends its row FAILED.
 *
 * Rail picks the backend and the queues from configuration at start-up, so
 * it drives BullMQ directly rather than through `@nestjs/bullmq`, whose
 * queues and processors are declared statically when modules are defined.
 */
export class RedisTaskBackend implements TaskBackend {
  readonly kind = 'redis' as const;
  private readonly logger = new Logger('RedisTaskBackend');
  /** Adds jobs: no offline queue and a command timeout, so that an outage is an error at once, not a wait. */
  private readonly producer: Redis;
  /** Workers block on Redis; BullMQ needs unlimited retries per request there. */
  private readonly consumer: Redis;
  private readonly queues = new Map<string, Queue<TaskJob>>();
  private readonly workers: Array<Worker<TaskJob>> = [];
  private sweeper?: NodeJS.Timeout;
  private draining = false;

  constructor(
    private readonly runner: TaskRunner,
    private readonly handlers: TaskHandlerRegistry,
    private readonly options: ResolvedTasksOptions,
  ) {
    const url = options.redisUrl!;
    // The suite's bounded waits (no offline queue, a command timeout); the worker's blocking
    // connection keeps BullMQ's own settings, which it needs to wait for jobs.
    this.producer = new Redis(
      url,
      railRedisClientOptions({ commandTimeoutMs: options.redisCommandTimeoutMs }),
    );
    this.consumer = new Redis(url, { maxRetriesPerRequest: null });
    for (const client of [this.producer, this.consumer])
      client.on('error', (error: Error) => this.logger.warn(`Task queue Redis: ${error.message}`));
  }

  async start(): Promise<void> {
    if (!this.options.worker) return;
    for (const [name, concurrency] of queueConcurrency(this.options, this.handlers.handlerQueues)) {
      const worker = new Worker<TaskJob>(this.bullName(name), (job) => this.process(job), {
        connection: this.consumer,
        prefix: this.options.redisKeyPrefix,
        concurrency,
        lockDuration: this.options.lockMs,
        stalledInterval: this.options.stalledIntervalMs,
        maxStalledCount: this.options.maxStalledCount,
      });
      worker.on('error', (error) => this.logger.error(`Task worker (${name}): ${error.message}`));
      worker.on('failed', (job, error) => {
        if (job) void this.jobFailed(job, error);
      });
      this.workers.push(worker);
    }
    await this.sweep();
    this.sweeper = setInterval(() => {
      this.sweep().catch((error: unknown) => this.logger.warn(`Task sweep failed: ${String(error)}`));
    }, this.options.sweepIntervalMs);
    this.sweeper.unref();
  }

  async assertCanSchedule(): Promise<void> {
    try {
      if (this.producer.status !== 'ready') throw new Error(`Redis is ${this.producer.status}`);
      await this.producer.ping();
    } catch (error) {
      this.logger.warn(`Refusing a task: ${String(error)}`);
      throw unavailable(error);
    }
  }

  async schedule(task: ScheduledTask): Promise<void> {
    if (this.producer.status !== 'ready') throw unavailable(new Error(`Redis is ${this.producer.status}`));
    const queue = this.queueFor(this.handlers.queueOf(task.name));
    // Bounded even if BullMQ waits for its connection: an outage must not hold the request.
    await withTimeout(
      queue.add(
        task.name,
        { taskId: task.taskId },
        {
          jobId: jobIdOf(task.taskId, task.attempts),
          delay: task.delayMs,
          // One job is one attempt: the row counts attempts and schedules retries.
          attempts: 1,
          removeOnComplete: true,
          // Kept a day: a job BullMQ fails itself (it stalled too often) emits no worker event,
          // so the sweep reads the reason from the failed job.
          removeOnFail: { age: FAILED_JOB_KEPT_S },
        },
      ),
      this.options.redisCommandTimeoutMs,
    );
  }

  async drain(): Promise<void> {
    this.draining = true;
    if (this.sweeper) clearInterval(this.sweeper);
    let timeout: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timeout = setTimeout(() => resolve('late'), this.options.drainTimeoutMs);
    });
    // Closing waits for the active jobs; past the timeout they are left to BullMQ's stalled-job recovery.
    const closing = Promise.all(this.workers.map((worker) => worker.close()));
    if ((await Promise.race([closing.then(() => 'closed' as const), late])) === 'late') {
      this.logger.warn('Tasks still running at shutdown; they run again as stalled jobs');
      await Promise.all(this.workers.map((worker) => worker.close(true)));
    }
    clearTimeout(timeout);
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.producer.disconnect();
    this.consumer.disconnect();
  }

  async assertReady(): Promise<void> {
    if (this.draining) throw new Error('draining');
    await this.producer.ping();
  }

  private bullName(queue: string): string {
    // The default queue keeps the name of the Bull era, so that its keys stay one family.
    return queue === DEFAULT_QUEUE ? 'rail-tasks' : `rail-tasks-${queue}`;
  }

  private queueFor(name: string): Queue<TaskJob> {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue<TaskJob>(this.bullName(name), {
        connection: this.producer,
        prefix: this.options.redisKeyPrefix,
      });
      queue.on('error', (error) => this.logger.warn(`Task queue (${name}): ${error.message}`));
      this.queues.set(name, queue);
    }
    return queue;
  }

  private async process(job: Job<TaskJob>): Promise<void> {
    const outcome = await this.runner.runAttempt(job.data.taskId, {
      owner: `${JOB_OWNER}${job.id}`,
      takeover: 'same-owner',
    });
    if (outcome.kind !== 'retry') return;
    // The row is PENDING already: if Redis is away now, the sweep adds this job later.
    await this.schedule({
      taskId: job.data.taskId,
      name: outcome.name,
      delayMs: outcome.delayMs,
      attempts: outcome.attempts,
    }).catch((error: unknown) => this.logger.warn(`Retry of task ${job.data.taskId}: ${String(error)}`));
  }

  /** A job BullMQ failed (it stalled too often, or the attempt's bookkeeping threw): its row ends FAILED. */
  private async jobFailed(job: Job<TaskJob>, error: Error): Promise<void> {
    this.logger.error(`Task ${job.data.taskId}: job ${job.id} failed: ${error.message}`);
    await this.runner.store
      .failLost(job.data.taskId, `${JOB_OWNER}${job.id}`, this.failureReason(job.data.taskId, error.message))
      .catch((failure: unknown) => this.logger.warn(`Task ${job.data.taskId}: ${String(failure)}`));
  }

  private failureReason(taskId: string, jobError: string): string {
    return /stalled/i.test(jobError)
      ? `The task's worker stopped (process killed or crashed) more often than allowed (${this.options.maxStalledCount})`
      : `The task failed; the server log has the details (task ${taskId})`;
  }

  /** Why a RUNNING row's job ended without the runner recording an outcome. */
  private async lostJobReason(
    queue: Queue<TaskJob>,
    taskId: string,
    jobId: string,
    state: string,
  ): Promise<string> {
    if (state === 'failed') {
      const reason = (await queue.getJob(jobId))?.failedReason;
      if (reason) return this.failureReason(taskId, reason);
    }
    return `The task's queue job ended without an outcome (${state === 'unknown' ? 'removed' : state})`;
  }

  /**
   * PENDING rows due before the next sweep without a job (enqueued inside a
   * transaction, or while Redis was away) get one; RUNNING rows whose job no
   * longer exists, or has failed, end FAILED.
   */
  private async sweep(): Promise<void> {
    if (this.draining) return;
    const now = Date.now();
    const store = this.runner.store;
    for (const task of await store.duePending(new Date(now + this.options.sweepIntervalMs))) {
      await this.schedule({
        taskId: task.id,
        name: task.name,
        attempts: task.attempts,
        delayMs: Math.max(0, task.runAt.getTime() - now),
      });
    }
    for (const row of await store.runningJobs(JOB_OWNER)) {
      const jobId = row.leaseOwner!.slice(JOB_OWNER.length);
      const queue = this.queueFor(this.handlers.queueOf(row.name));
      const state = await queue.getJobState(jobId);
      if (state !== 'unknown' && state !== 'failed' && state !== 'completed') continue;
      const reason = await this.lostJobReason(queue, row.id, jobId, state);
      if (await store.failLost(row.id, row.leaseOwner!, reason))
        this.logger.error(`Task ${row.id}: ${reason}; ended FAILED`);
    }
  }
}

function jobIdOf(taskId: string, attempts: number): string {
  return `${taskId}-r${attempts}`;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
