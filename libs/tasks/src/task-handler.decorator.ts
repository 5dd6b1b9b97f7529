import 'reflect-metadata';

export const TASK_HANDLER = Symbol('rail:task-handler');

/**
 * Marks a provider method as the handler of a task name. The method gets the
 * payload and a {@link TaskContext}; what it returns (JSON) is the task's
 * result; what it throws fails the attempt (retried if attempts are left).
 *
 * @example
 * @TaskHandler('generateSalesReport')
 * async generate(payload: { month: string }, context: TaskContext) { ... }
 */
export function TaskHandler(name: string): MethodDecorator {
  return (target, propertyKey, descriptor) => {
    Reflect.defineMetadata(TASK_HANDLER, name, descriptor.value as object);
  };
}

export function taskHandlerNameOf(method: unknown): string | undefined {
  return typeof method === 'function'
    ? (Reflect.getMetadata(TASK_HANDLER, method) as string | undefined)
    : undefined;
}
