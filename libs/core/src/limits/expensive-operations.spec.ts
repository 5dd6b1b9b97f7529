import { RailError } from '../errors/rail.error.js';
import { resolveRailOptions } from '../options/resolve-rail-options.js';
import { type RailSignal, RailSignals } from '../signals/rail-signals.service.js';
import { ExpensiveOperations } from './expensive-operations.js';

function gate(cap: number): { operations: ExpensiveOperations; signals: RailSignal[] } {
  const signals = new RailSignals();
  const seen: RailSignal[] = [];
  signals.subscribe((signal) => seen.push(signal));
  const options = resolveRailOptions({ limits: { concurrentExpensiveOperationsPerUser: cap } }, {});
  return { operations: new ExpensiveOperations(options, signals), signals: seen };
}

describe('ExpensiveOperations', () => {
  it('refuses a user over the cap with TOO_MANY_CONCURRENT_OPERATIONS, and counts the block', () => {
    const { operations, signals } = gate(2);
    operations.acquire('u1', 'an export');
    operations.acquire('u1', 'an export');
    let refusal: unknown;
    try {
      operations.acquire('u1', 'an export');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(RailError);
    expect((refusal as RailError).code).toBe('TOO_MANY_CONCURRENT_OPERATIONS');
    expect(signals).toEqual([{ kind: 'request.blocked', rule: 'concurrent_expensive_operations' }]);
  });

  it('keeps users apart and gives a slot back once, however often release is called', () => {
    const { operations } = gate(1);
    const release = operations.acquire('u1', 'a report');
    expect(() => operations.acquire('u2', 'a report')).not.toThrow();
    expect(() => operations.acquire('u1', 'a report')).toThrow(RailError);
    release();
    release();
    const again = operations.acquire('u1', 'a report');
    expect(() => operations.acquire('u1', 'a report')).toThrow(RailError);
    again();
  });

  it('run() gives the slot back when the work fails', async () => {
    const { operations } = gate(1);
    await expect(operations.run('u1', 'a report', () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    await expect(operations.run('u1', 'a report', () => Promise.resolve(42))).resolves.toBe(42);
  });
});
