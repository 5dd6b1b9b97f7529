import { TaskRun } from './task-run.entity.js';

export { RailTasksModule, type RailTasksAsyncOptions } from './rail-tasks.module.js';
export { type RailTasksOptions, type ResolvedTasksOptions } from './rail-tasks.options.js';
export { TaskService } from './task.service.js';
// The handler decorator and the queue port live in @rail/core; importable from here too.
export {
  DEFAULT_QUEUE,
  TaskHandler,
  TaskQueue,
  type EnqueueOptions,
  type TaskContext,
  type TaskHandlerOptions,
} from '@rail/core';
export { TaskRun, taskStatuses, type TaskStatus } from './task-run.entity.js';

/** The task table, to list with the app's TypeORM and schema entities. */
export const taskEntities = [TaskRun];
