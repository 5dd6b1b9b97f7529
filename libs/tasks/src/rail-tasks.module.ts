import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import {
  railLibraryModule,
  type RailLibraryAsyncOptions,
  RailSignals,
  TaskQueue,
  ModelReader,
} from '@rail/core';
import type { DataSource } from 'typeorm';
import { InlineTaskBackend } from './backends/inline-task.backend.js';
import { loadRedisTaskBackend } from './backends/redis-task.backend.loader.js';
import { TASK_BACKEND } from './backends/task-backend.js';
import {
  checkTasksOptions,
  RAIL_TASKS_OPTIONS,
  type RailTasksOptions,
  type ResolvedTasksOptions,
  tasksOptionsSchema,
} from './rail-tasks.options.js';
import { TaskHandlerRegistry } from './task-handler.registry.js';
import { TaskQueueReadiness } from './task-queue.readiness.js';
import { TaskRunner } from './task-runner.js';
import { TaskService } from './task.service.js';
import { TasksController } from './tasks.controller.js';

/** `forRootAsync`'s argument; a `useClass` / `useExisting` class implements `createTasksOptions()`. */
export type RailTasksAsyncOptions = RailLibraryAsyncOptions<RailTasksOptions, 'createTasksOptions'>;

/**
 * Background tasks: `@TaskHandler` methods, `TaskService.enqueue`, `task_run`
 * rows, the `task`/`tasks` queries and `cancelTask` (through the generated
 * API: list `TaskRun` with the schema's entities), `GET /api/v1/tasks/:id`,
 * and a `queue` readiness check.
 *
 * @example
 * RailTasksModule.forRoot({ backend: 'redis', redisUrl: process.env.REDIS_URL })
 */
@Module({})
export class RailTasksModule extends railLibraryModule({
  name: 'RailTasksModule',
  requires: [{ module: 'RailSchemaModule', token: ModelReader }],
  schema: tasksOptionsSchema,
  optionsToken: RAIL_TASKS_OPTIONS,
  factoryMethodName: 'createTasksOptions',
  resolve: checkTasksOptions,
  module: {
    imports: [DiscoveryModule],
    controllers: [TasksController],
    providers: [
      TaskHandlerRegistry,
      {
        provide: TASK_BACKEND,
        inject: [RAIL_TASKS_OPTIONS, getDataSourceToken(), TaskHandlerRegistry, RailSignals],
        useFactory: async (
          resolved: ResolvedTasksOptions,
          dataSource: DataSource,
          handlers: TaskHandlerRegistry,
          signals: RailSignals,
        ) => {
          const runner = new TaskRunner(dataSource, handlers, resolved, signals);
          if (resolved.backend !== 'redis') return new InlineTaskBackend(runner, handlers, resolved);
          const RedisTaskBackend = await loadRedisTaskBackend();
          return new RedisTaskBackend(runner, handlers, resolved);
        },
      },
      TaskService,
      { provide: TaskQueue, useExisting: TaskService },
      TaskQueueReadiness,
    ],
    exports: [TaskService, TaskQueue],
  },
}) {}
