import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RailError, RailErrorCode, RequestContext, type EnqueueOptions, type TaskQueue } from '@rail/core';
import { DataSource, type QueryDeepPartialEntity } from 'typeorm';
import { TASK_BACKEND, type TaskBackend } from './backends/task-backend.js';
import { RAIL_TASKS_OPTIONS, type ResolvedTasksOptions } from './rail-tasks.options.js';
import { TaskHandlerRegistry } from './task-handler.registry.js';
import { TaskRun } from './task-run.entity.js';
import { unavailable } from './task-unavailable.js';

const MAX_DELAY_MS = 366 * 24 * 3_600_000;

/**
 * Enqueues tasks; who and which company enqueued comes from the request. It
 * is the suite's `TaskQueue`, through which other libraries enqueue.
 */
@Injectable()
export class TaskService implements TaskQueue, OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TASK_BACKEND) private readonly backend: TaskBackend,
    @Inject(RAIL_TASKS_OPTIONS) private readonly options: ResolvedTasksOptions,
    private readonly handlers: TaskHandlerRegistry,
    private readonly context: RequestContext,
  ) {}

  /** `inline` or `redis`, as configured. */
  get backendKind(): 'inline' | 'redis' {
    return this.backend.kind;
  }

  onApplicationBootstrap(): Promise<void> {
    return this.backend.start();
  }

  /** Running tasks finish (or are left for the next start) before the database closes. */
  beforeApplicationShutdown(): Promise<void> {
    return this.backend.drain();
  }

  async enqueue(name: string, payload: unknown = null, options: EnqueueOptions = {}): Promise<string> {
    if (!this.handlers.get(name)) {
      throw new RailError(RailErrorCode.BAD_USER_INPUT, `No task is named ${JSON.stringify(name)}`, {
        known: this.handlers.names,
      });
    }
    const retries = options.retries ?? this.options.defaults.retries;
    const delayMs = options.delay ?? 0;
    if (!Number.isInteger(retries) || retries < 0 || retries > 20)
      throw new RailError(
        RailErrorCode.BAD_USER_INPUT,
        `retries must be an integer from 0 to 20, received ${retries}`,
      );
    if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > MAX_DELAY_MS)
      throw new RailError(
        RailErrorCode.BAD_USER_INPUT,
        `delay must be a whole number of milliseconds, received ${delayMs}`,
      );
    // Outside a caller's transaction the task is scheduled at once: with Redis
    // unreachable, refuse now, before a row exists that would run later anyway
    // (a client retrying would get two tasks).
    if (!options.transaction) await this.backend.assertCanSchedule();
    const principal = this.context.principal;
    const companyId = principal?.companyId ?? null;
    const manager = options.transaction ?? this.dataSource.manager;
    const idempotencyKey =
      options.idempotencyKey === undefined
        ? null
        : `${companyId ?? ''}/${options.idempotencyKey}`.slice(0, 300);
    if (idempotencyKey) {
      const existing = await manager.findOne(TaskRun, {
        where: { name, idempotencyKey },
        select: { id: true },
      });
      if (existing) return existing.id;
    }
    const backoff = options.backoff?.type ?? this.options.defaults.backoff;
    const backoffMs = options.backoff?.delayMs ?? this.options.defaults.backoffMs;
    const task = manager.create(TaskRun, {
      id: randomUUID(),
      name,
      status: 'PENDING',
      progress: 0,
      payload: payload === undefined ? null : (JSON.parse(JSON.stringify(payload)) as unknown),
      attempts: 0,
      maxAttempts: retries + 1,
      options: { backoff, backoffMs, timeoutMs: options.timeout ?? this.options.defaults.timeoutMs },
      idempotencyKey,
      createdBy: principal?.userId ?? null,
      companyId,
      runAt: new Date(Date.now() + delayMs),
    });
    try {
      await manager.insert(TaskRun, task as QueryDeepPartialEntity<TaskRun>);
    } catch (error) {
      // Two requests with the same key at once: the unique index lets one in; the other gets its task.
      const winner = idempotencyKey
        ? await this.dataSource.manager.findOne(TaskRun, {
            where: { name, idempotencyKey },
            select: { id: true },
          })
        : null;
      if (winner) return winner.id;
      throw error;
    }
    // In a caller's transaction the row is not visible to a worker yet: the sweep runs it after commit.
    if (!options.transaction) {
      try {
        await this.backend.schedule({ taskId: task.id, name, delayMs, attempts: 0 });
      } catch (error) {
        // Redis went away between the check and the job: the row goes too, so nothing runs behind the error.
        await this.dataSource.manager.delete(TaskRun, { id: task.id, status: 'PENDING', attempts: 0 });
        throw unavailable(error);
      }
    }
    return task.id;
  }
}
