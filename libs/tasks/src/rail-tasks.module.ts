import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { RailSignals, TaskQueue } from '@rail/core';
import type { DataSource } from 'typeorm';
import { InlineTaskBackend } from './backends/inline-task.backend.js';
import { RedisTaskBackend } from './backends/redis-task.backend.js';
import { TASK_BACKEND } from './backends/task-backend.js';
import {
  RAIL_TASKS_OPTIONS,
  resolveTasksOptions,
  type RailTasksOptions,
  type ResolvedTasksOptions,
} from './rail-tasks.options.js';
import { TaskHandlerRegistry } from './task-handler.registry.js';
import { TaskQueueReadiness } from './task-queue.readiness.js';
import { TaskRunner } from './task-runner.js';
import { TaskService } from './task.service.js';
import { TasksController } from './tasks.controller.js';

export interface RailTasksAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: never[] | Array<string | symbol | (abstract new (...args: never[]) => unknown)>;
  useFactory: (...args: never[]) => RailTasksOptions | Promise<RailTasksOptions>;
}

/**
 * Background tasks: `@TaskHandler` methods, `TaskService.enqueue`, `task_run`
 * rows, the `task`/`tasks` queries and `cancelTask` (through the generated
 * API: list `TaskRun` with the schema's entities), `GET /api/v1/tasks/:id`,
 * and a `queue` readiness check.
 */
@Module({})
export class RailTasksModule {
  static forRoot(options: RailTasksOptions = {}): DynamicModule {
    return RailTasksModule.forRootAsync({ useFactory: () => options });
  }

  /** Options read when the app starts (the backend can come from configuration). */
  static forRootAsync(options: RailTasksAsyncOptions): DynamicModule {
    return {
      module: RailTasksModule,
      global: true,
      imports: [DiscoveryModule, ...(options.imports ?? [])],
      controllers: [TasksController],
      providers: [
        {
          provide: RAIL_TASKS_OPTIONS,
          inject: options.inject ?? [],
          useFactory: async (...args: never[]) => resolveTasksOptions(await options.useFactory(...args)),
        },
        TaskHandlerRegistry,
        {
          provide: TASK_BACKEND,
          inject: [RAIL_TASKS_OPTIONS, getDataSourceToken(), TaskHandlerRegistry, RailSignals],
          useFactory: (
            resolved: ResolvedTasksOptions,
            dataSource: DataSource,
            handlers: TaskHandlerRegistry,
            signals: RailSignals,
          ) => {
            const runner = new TaskRunner(dataSource, handlers, resolved, signals);
            return resolved.backend === 'redis'
              ? new RedisTaskBackend(runner, handlers, resolved)
              : new InlineTaskBackend(runner, handlers, resolved);
          },
        },
        TaskService,
        { provide: TaskQueue, useExisting: TaskService },
        TaskQueueReadiness,
      ],
      exports: [TaskService, TaskQueue],
    };
  }
}
