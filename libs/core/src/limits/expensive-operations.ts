import { Inject, Injectable } from '@nestjs/common';
import { RailError } from '../errors/rail.error.js';
import { RailErrorCode } from '../errors/rail-error-code.enum.js';
import { RAIL_OPTIONS } from '../options/rail-options.constants.js';
import type { ResolvedRailOptions } from '../options/rail-options.schema.js';
import { RailSignals } from '../signals/rail-signals.service.js';

/**
 * How many expensive operations (exports, reports) each user runs at once on
 * this instance, capped by `limits.concurrentExpensiveOperationsPerUser`: one
 * user opening many exports in parallel would otherwise hold as many database
 * connections and streams. Over the cap: TOO_MANY_CONCURRENT_OPERATIONS (429).
 */
@Injectable()
export class ExpensiveOperations {
  private readonly running = new Map<string, number>();
  private readonly cap: number;

  constructor(
    @Inject(RAIL_OPTIONS) options: ResolvedRailOptions,
    private readonly signals: RailSignals,
  ) {
    this.cap = options.limits.concurrentExpensiveOperationsPerUser;
  }

  /**
   * Takes a slot for `userId` or refuses; the returned function gives it back
   * (once, however often it is called). For work that outlives a promise, such
   * as a streamed response, release when the stream ends.
   */
  acquire(userId: string, what: string): () => void {
    const count = this.running.get(userId) ?? 0;
    if (count >= this.cap) {
      this.signals.emit({ kind: 'request.blocked', rule: 'concurrent_expensive_operations' });
      throw new RailError(
        RailErrorCode.TOO_MANY_CONCURRENT_OPERATIONS,
        `You already run ${count} exports or reports at once; wait for one to finish before starting ${what}.`,
        { retryAfter: 1 },
      );
    }
    this.running.set(userId, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.running.get(userId) ?? 1) - 1;
      if (left <= 0) this.running.delete(userId);
      else this.running.set(userId, left);
    };
  }

  /** Runs `work` in a slot of `userId`'s. */
  async run<T>(userId: string, what: string, work: () => Promise<T>): Promise<T> {
    const release = this.acquire(userId, what);
    try {
      return await work();
    } finally {
      release();
    }
  }
}
