import { Logger } from '@nestjs/common';
import Bull from 'bull';
import { type DataSource, LessThanOrEqual } from 'typeorm';
import type { ResolvedTasksOptions } from '../rail-tasks.options.js';
import { TaskRun } from '../task-run.entity.js';
import type { TaskRunner } from '../task-runner.js';
import type { ScheduledTask, TaskBackend } from './task-backend.js';

interface TaskJob {
  readonly taskId: string;
}

/** Thrown to Bull so that it retries the job with its backoff; the row already says PENDING. */
class RetryLater extends Error {
  constructor(taskId: string) {
    super(`Task ${taskId} will be retried`);
    this.name = 'RetryLater';
  }
}

const QUEUE_NAME = 'rail-tasks';

/**
 * Queues tasks in Redis with Bull: retries with backoff, delayed jobs,
 * stalled-job recovery (a job whose worker died is run again), and any number
 * of worker processes. The job id is the task id, so scheduling twice is
 * harmless. Rail decides the backend from configuration at start-up, so it
 * drives Bull directly rather than through `@nestjs/bull`'s static module.
 */
export class BullTaskBackend implements TaskBackend {
  readonly kind = 'bull' as const;
  private readonly logger = new Logger('BullTaskBackend');
  private readonly queue: Bull.Queue<TaskJob>;
  private sweeper?: NodeJS.Timeout;
  private draining = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: TaskRunner,
    private readonly options: ResolvedTasksOptions,
  ) {
    this.queue = new Bull<TaskJob>(QUEUE_NAME, options.redisUrl!, { prefix: options.redisKeyPrefix });
    this.queue.on('error', (error) => this.logger.error(`Task queue error: ${error.message}`));
  }

  async start(): Promise<void> {
    if (!this.options.worker) return;
    // Not awaited: the promise stays pending while the queue is processed.
    this.queue
      .process(this.options.concurrency, (job) => this.process(job))
      .catch((error: unknown) => this.logger.error(`Task worker stopped: ${String(error)}`));
    await this.sweep();
    this.sweeper = setInterval(() => {
      this.sweep().catch((error: unknown) => this.logger.warn(`Task sweep failed: ${String(error)}`));
    }, this.options.sweepIntervalMs);
    this.sweeper.unref();
  }

  async schedule(task: ScheduledTask): Promise<void> {
    await this.queue.add(
      { taskId: task.taskId },
      {
        jobId: task.taskId,
        delay: task.delayMs,
        attempts: Math.max(1, task.maxAttempts),
        backoff: { type: task.backoff, delay: task.backoffMs },
        removeOnComplete: true,
        removeOnFail: true,
      },
    );
  }

  async drain(): Promise<void> {
    this.draining = true;
    if (this.sweeper) clearInterval(this.sweeper);
    let timeout: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timeout = setTimeout(() => resolve('late'), this.options.drainTimeoutMs);
    });
    // Closing waits for the active jobs; past the timeout they are left to Bull's stalled-job recovery.
    const closed = await Promise.race([this.queue.close().then(() => 'closed' as const), late]);
    clearTimeout(timeout);
    if (closed === 'late') {
      this.logger.warn('Tasks still running at shutdown; Bull runs them again as stalled jobs');
      await this.queue.close(true);
    }
  }

  async assertReady(): Promise<void> {
    if (this.draining) throw new Error('draining');
    await this.queue.client.ping();
  }

  private async process(job: Bull.Job<TaskJob>): Promise<void> {
    // RUNNING too: a job redelivered after its worker died (Bull locks a job to one worker at a time).
    const outcome = await this.runner.runAttempt(job.data.taskId, ['PENDING', 'RUNNING']);
    if (outcome.kind === 'retry') throw new RetryLater(job.data.taskId);
  }

  /** Rows due before the next sweep without a job (enqueued inside a transaction): add them; existing job ids are left alone. */
  private async sweep(): Promise<void> {
    if (this.draining) return;
    const now = Date.now();
    const due = await this.dataSource.getRepository(TaskRun).find({
      where: { status: 'PENDING', runAt: LessThanOrEqual(new Date(now + this.options.sweepIntervalMs)) },
      order: { runAt: 'ASC' },
      take: 100,
    });
    for (const task of due) {
      await this.schedule({
        taskId: task.id,
        delayMs: Math.max(0, task.runAt.getTime() - now),
        maxAttempts: task.maxAttempts - task.attempts,
        backoff: task.options?.backoff ?? this.options.defaults.backoff,
        backoffMs: task.options?.backoffMs ?? this.options.defaults.backoffMs,
      });
    }
  }
}
