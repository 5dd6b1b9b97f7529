import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { RailConfigurationError } from '@rail/core';
import type { TaskHandlerFunction } from './task-context.js';
import { taskHandlerNameOf } from './task-handler.decorator.js';

/** Every `@TaskHandler` of the app, found once at start-up; a name may have one handler only. */
@Injectable()
export class TaskHandlerRegistry implements OnModuleInit {
  private readonly handlers = new Map<string, TaskHandlerFunction>();

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
        const name = taskHandlerNameOf(method);
        if (!name) continue;
        if (this.handlers.has(name) && this.handlers.get(name) !== undefined) {
          throw new RailConfigurationError(
            `Two @TaskHandler('${name}') methods: a task name needs exactly one`,
          );
        }
        this.handlers.set(name, (method as TaskHandlerFunction).bind(instance));
      }
    }
  }

  get(name: string): TaskHandlerFunction | undefined {
    return this.handlers.get(name);
  }

  get names(): readonly string[] {
    return [...this.handlers.keys()];
  }
}
