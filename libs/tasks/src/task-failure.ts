import { isClientErrorCode, RailError } from '@rail/core';

const MAX_ERROR_LENGTH = 1000;

/**
 * What a failed attempt leaves in `task_run.error`, masked like API errors:
 * a `RailError` with a client code says what is wrong; anything else may
 * hold internals (SQL, paths, hosts) and is stored as a generic message,
 * while the server log keeps the whole error.
 */
export function maskedTaskError(error: unknown, taskId: string): string {
  if (error instanceof RailError && isClientErrorCode(error.code))
    return error.message.slice(0, MAX_ERROR_LENGTH);
  if (error instanceof TaskTimeoutError) return error.message;
  return `The task failed; the server log has the details (task ${taskId})`;
}

export class TaskTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`The task ran out of time after ${timeoutMs} ms`);
    this.name = 'TaskTimeoutError';
  }
}

/** The delay before attempt `attempt + 1` (attempt counts from 1). */
export function backoffDelay(kind: 'fixed' | 'exponential', baseMs: number, attempt: number): number {
  return kind === 'fixed' ? baseMs : baseMs * 2 ** Math.max(0, attempt - 1);
}
