import { RailErrorCode } from './rail-error-code.enum.js';
import { RailError } from './rail.error.js';

/**
 * What a client is told to wait before it tries again (`Retry-After`). Short:
 * a database failover or a Redis restart takes seconds, and a client that
 * waits longer than the outage only adds delay.
 */
export const SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * The error for "could not ask": a dependency did not answer, so the request
 * was not carried out, and nothing about the caller was decided (a database
 * outage during authentication is not a sign-out). REST routes answer `503`
 * with `Retry-After`; GraphQL answers HTTP 503 when no field could be served.
 * The message names no host or driver: the cause goes to the server's log.
 */
export function serviceUnavailable(): RailError {
  const retryAfter = SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS;
  return new RailError(
    RailErrorCode.SERVICE_UNAVAILABLE,
    `A service this request needs is not answering; try again in ${retryAfter} seconds`,
    { retryAfter },
  );
}
