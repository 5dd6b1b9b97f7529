import { RailError, RailErrorCode, SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS } from '@rail/core';

/**
 * What a client sees when the queue cannot take a task (Redis unreachable):
 * `SERVICE_UNAVAILABLE` (HTTP 503 with `Retry-After`, as every other "could
 * not ask" of the suite), and nothing was started, so retrying is safe. The
 * cause stays in the server log.
 */
export function unavailable(cause: unknown): RailError {
  if (cause instanceof RailError) return cause;
  const retryAfter = SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS;
  return new RailError(
    RailErrorCode.SERVICE_UNAVAILABLE,
    `The task queue is unavailable; nothing was started, try again in ${retryAfter} seconds`,
    { retryAfter },
  );
}
