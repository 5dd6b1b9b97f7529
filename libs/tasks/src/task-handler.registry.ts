import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { DEFAULT_QUEUE, RailConfigurationError, taskHandlerOf, type TaskHandlerFunction } from '@rail/core';

/** Every `@TaskHandler` of the app, found once at start-up; a name may have one handler only. */
@Injectable()
export class TaskHandlerRegistry implements OnModuleInit {
  private readonly handlers = new Map<string, TaskHandlerFunction>();
  private readonly queues = new Map<string, string>();
  private readonly declaredConcurrency = new Map<string, number>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object | null;
      if (!prototype) continue;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const method = (instance as Record<string, unknown>)[methodName];
        const metadata = taskHandlerOf(method);
        if (!metadata) continue;
        if (this.handlers.has(metadata.name)) {
          throw new RailConfigurationError(
            `Two @TaskHandler('${metadata.name}') methods: a task name needs exactly one`,
          );
        }
        this.handlers.set(metadata.name, (method as TaskHandlerFunction).bind(instance));
        const { concurrency } = metadata;
        if (
          concurrency !== undefined &&
          !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 64)
        ) {
          throw new RailConfigurationError(
            `@TaskHandler('${metadata.name}'): "concurrency" must be a whole number from 1 to 64`,
          );
        }
        this.queues.set(metadata.name, metadata.queue);
        if (concurrency !== undefined)
          this.declaredConcurrency.set(
            metadata.queue,
            Math.max(concurrency, this.declaredConcurrency.get(metadata.queue) ?? 0),
          );
      }
    }
  }

  get(name: string): TaskHandlerFunction | undefined {
    return this.handlers.get(name);
  }

  /** The queue a task of this name waits in (`default` for a name without a handler here). */
  queueOf(name: string): string {
    return this.queues.get(name) ?? DEFAULT_QUEUE;
  }

  get names(): readonly string[] {
    return [...this.handlers.keys()];
  }

  /** The queues the handlers name, each with the largest concurrency a handler declared for it. */
  get handlerQueues(): ReadonlyMap<string, number | undefined> {
    return new Map(
      [...new Set(this.queues.values())].map((queue) => [queue, this.declaredConcurrency.get(queue)]),
    );
  }
}
