import { setTimeout as sleep } from 'node:timers/promises';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { RAIL_HEALTH_OPTIONS, type ResolvedHealthOptions } from './rail-health.options.js';

export type LifecyclePhase = 'starting' | 'started' | 'shutting_down';

/**
 * Where the app is in its life: starting until Nest's bootstrap hooks run,
 * then started, then shutting down from the first shutdown hooks on.
 *
 * Started is set in `onApplicationBootstrap`, which Nest calls only after
 * every module's `onModuleInit` (and after the providers' factories, where
 * TypeORM connects and runs migrations, and GraphQL builds its schema). Do
 * start-up work (seeding, warming caches) in `onModuleInit` so that it counts.
 */
@Injectable()
export class LifecycleState implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('Health');
  private current: LifecyclePhase = 'starting';

  constructor(@Inject(RAIL_HEALTH_OPTIONS) private readonly options: ResolvedHealthOptions) {}

  get phase(): LifecyclePhase {
    return this.current;
  }

  onApplicationBootstrap(): void {
    if (this.current === 'starting') this.current = 'started';
  }

  /**
   * Readiness fails from the first phase of the shutdown on. Nest runs every
   * `onModuleDestroy` before any `beforeApplicationShutdown`, and the hooks of
   * global modules like this one after the others': flagged here, readiness
   * already fails while other libraries drain in their own
   * `beforeApplicationShutdown` (running tasks, for instance).
   */
  onModuleDestroy(): void {
    this.current = 'shutting_down';
  }

  /**
   * Nest calls this after every `onModuleDestroy` and before it closes the
   * HTTP server. The server keeps serving for the drain delay, readiness
   * failing, so that load balancers take the instance out of rotation before
   * new connections are refused; in-flight requests then finish while the
   * server closes, and only after that do the `onApplicationShutdown` hooks
   * (where TypeORM closes the DataSource) run.
   */
  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.current = 'shutting_down';
    const delay = this.options.shutdownDelayMs;
    if (delay === 0) return;
    this.logger.log(
      `Shutting down${signal ? ` (${signal})` : ''}: not ready any more; serving for ${delay} ms before closing`,
    );
    await sleep(delay);
  }
}
