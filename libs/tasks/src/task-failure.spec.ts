import { RailError, RailErrorCode } from '@rail/core';
import { backoffDelay, maskedTaskError, TaskTimeoutError } from './task-failure.js';

describe('task failures', () => {
  it('keeps the message of a client error and hides everything else', () => {
    expect(maskedTaskError(new RailError(RailErrorCode.CONFLICT, 'Stock changed meanwhile'), 't1')).toBe(
      'Stock changed meanwhile',
    );
    expect(maskedTaskError(new TaskTimeoutError(500), 't1')).toBe('The task ran out of time after 500 ms');
    const hidden = maskedTaskError(new Error('connect ECONNREFUSED db.internal:5432'), 't1');
    expect(hidden).toBe('The task failed; the server log has the details (task t1)');
    expect(
      maskedTaskError(new RailError(RailErrorCode.INTERNAL_SERVER_ERROR, 'SQL: SELECT …'), 't2'),
    ).not.toContain('SQL');
  });

  it('waits a fixed delay, or one that doubles with each attempt', () => {
    expect([1, 2, 3].map((attempt) => backoffDelay('fixed', 100, attempt))).toEqual([100, 100, 100]);
    expect([1, 2, 3, 4].map((attempt) => backoffDelay('exponential', 100, attempt))).toEqual([
      100, 200, 400, 800,
    ]);
  });
});
