import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { isAuthEvent, RailEvents, RailSignals } from '@rail/core';
import { RailMetrics } from './rail-metrics.service.js';

/**
 * Counts what other libraries report: `RailSignals` (SQL statements,
 * blocked requests, task attempts, webhook deliveries) and the auth events
 * on `RailEvents` (published when the app uses @rail/auth). Nothing is subscribed when metrics are
 * disabled, so the emitters stay free.
 */
@Injectable()
export class SignalMetrics implements OnModuleInit {
  private readonly logger = new Logger('Observability');

  constructor(
    private readonly metrics: RailMetrics,
    private readonly signals: RailSignals,
    private readonly events: RailEvents,
  ) {}

  onModuleInit(): void {
    if (!this.metrics.enabled) return;
    this.signals.subscribe((signal) => this.metrics.observeSignal(signal));
    // A listener that throws would fail the sign-in that emitted the event: counting never throws.
    this.events.subscribe((event) => {
      if (!isAuthEvent(event)) return;
      try {
        this.metrics.countAuthEvent(event.type);
      } catch (error) {
        this.logger.warn(`Counting an auth event failed: ${String(error)}`);
      }
    });
  }
}
