import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { AuthEvents } from '@rail/auth';
import { RailSignals } from '@rail/core';
import { RailMetrics } from './rail-metrics.service.js';

/**
 * Counts what other libraries report: `RailSignals` (SQL statements,
 * blocked requests, task attempts, webhook deliveries) and, when the app
 * uses @rail/auth, its `AuthEvents`. Nothing is subscribed when metrics are
 * disabled, so the emitters stay free.
 */
@Injectable()
export class SignalMetrics implements OnModuleInit {
  private readonly logger = new Logger('Observability');

  constructor(
    private readonly metrics: RailMetrics,
    private readonly signals: RailSignals,
    private readonly moduleRef: ModuleRef,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.metrics.enabled) return;
    this.signals.subscribe((signal) => this.metrics.observeSignal(signal));
    const authEvents = await this.authEvents();
    // A listener that throws would fail the sign-in that emitted the event: counting never throws.
    authEvents?.subscribe((event) => {
      try {
        this.metrics.countAuthEvent(event.type);
      } catch (error) {
        this.logger.warn(`Counting an auth event failed: ${String(error)}`);
      }
    });
  }

  /** The app's AuthEvents, or undefined when @rail/auth is not installed or its module not imported. */
  private async authEvents(): Promise<AuthEvents | undefined> {
    try {
      const auth = await import('@rail/auth');
      return this.moduleRef.get(auth.AuthEvents, { strict: false });
    } catch {
      return undefined;
    }
  }
}
