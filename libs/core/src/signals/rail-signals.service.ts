import { Injectable, Logger } from '@nestjs/common';

/**
 * What the libraries report for operators to count: a request refused by a
 * guard rail, a background task's attempt, a webhook delivery attempt, an SQL
 * statement. The observability library turns them into metrics; nothing else
 * depends on them, so emitting costs nothing when no one listens.
 */
export type RailSignal =
  | {
      readonly kind: 'request.blocked';
      /** The rule that refused it, e.g. `rate_limit:login`, `depth`, `aliases`, `csrf`. */
      readonly rule: string;
    }
  | {
      readonly kind: 'task.attempt';
      readonly task: string;
      readonly outcome: 'succeeded' | 'failed' | 'retrying' | 'cancelled' | 'timed_out';
      readonly durationMs: number;
    }
  | {
      readonly kind: 'webhook.delivery';
      readonly outcome: 'delivered' | 'retrying' | 'failed';
      readonly durationMs: number;
    }
  | {
      readonly kind: 'sql.statement';
      readonly durationMs: number;
      readonly failed: boolean;
    };

export type RailSignalListener = (signal: RailSignal) => void;

/** A synchronous, in-process channel of {@link RailSignal}s; a listener that throws is logged, never fatal. */
@Injectable()
export class RailSignals {
  private readonly logger = new Logger('RailSignals');
  private readonly listeners: RailSignalListener[] = [];

  subscribe(listener: RailSignalListener): void {
    this.listeners.push(listener);
  }

  get listened(): boolean {
    return this.listeners.length > 0;
  }

  emit(signal: RailSignal): void {
    for (const listener of this.listeners) {
      try {
        listener(signal);
      } catch (error) {
        this.logger.warn(`A signal listener failed on ${signal.kind}: ${String(error)}`);
      }
    }
  }
}
