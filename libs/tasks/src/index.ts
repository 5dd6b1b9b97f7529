import { TaskRun } from './task-run.entity.js';

export { RailTasksModule, type RailTasksAsyncOptions } from './rail-tasks.module.js';
export { DEFAULT_QUEUE, type RailTasksOptions, type ResolvedTasksOptions } from './rail-tasks.options.js';
export { TaskService, type EnqueueOptions } from './task.service.js';
export { TaskHandler, type TaskHandlerOptions } from './task-handler.decorator.js';
export type { TaskContext } from './task-context.js';
export { TaskRun, taskStatuses, type TaskStatus } from './task-run.entity.js';

/** The task table, to list with the app's TypeORM and schema entities. */
export const taskEntities = [TaskRun];
