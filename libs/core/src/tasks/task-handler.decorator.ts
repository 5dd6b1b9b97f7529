import 'reflect-metadata';
import { DEFAULT_QUEUE } from './task-queue.js';

export const TASK_HANDLER = Symbol('rail:task-handler');

export interface TaskHandlerOptions {
  /**
   * The queue the task waits in: each queue has its own concurrency (the
   * tasks options' `queues`), so a slow kind of work cannot hold the slots of
   * another. Default `default`.
   */
  readonly queue?: string;
  /**
   * The queue's concurrency unless the tasks options' `queues` set it (the
   * operator's word wins); default the tasks options' `concurrency`. For a
   * queue of waiting-bound work (HTTP deliveries) that needs more slots than
   * CPU-bound work does.
   */
  readonly concurrency?: number;
}

export interface TaskHandlerMetadata {
  readonly name: string;
  readonly queue: string;
  readonly concurrency?: number;
}

/**
 * Marks a provider method as the handler of a task name. The method gets the
 * payload and a {@link TaskContext}; what it returns (JSON) is the task's
 * result; what it throws fails the attempt (retried if attempts are left).
 *
 * @example
 * @TaskHandler('generateSalesReport', { queue: 'reports' })
 * async generate(payload: { month: string }, context: TaskContext) { ... }
 */
export function TaskHandler(name: string, options: TaskHandlerOptions = {}): MethodDecorator {
  return (target, propertyKey, descriptor) => {
    const metadata: TaskHandlerMetadata = {
      name,
      queue: options.queue ?? DEFAULT_QUEUE,
      concurrency: options.concurrency,
    };
    Reflect.defineMetadata(TASK_HANDLER, metadata, descriptor.value as object);
  };
}

export function taskHandlerOf(method: unknown): TaskHandlerMetadata | undefined {
  return typeof method === 'function'
    ? (Reflect.getMetadata(TASK_HANDLER, method) as TaskHandlerMetadata | undefined)
    : undefined;
}
