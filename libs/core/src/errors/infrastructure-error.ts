import { CannotExecuteNotConnectedError, ConnectionIsNotSetError } from 'typeorm';

/**
 * Node's socket and name-resolution errors: the dependency could not be
 * reached, or the connection to it broke.
 */
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs of a server that cannot take the request: class 08
 * (connection exception), class 53 (insufficient resources, e.g. 53300
 * too_many_connections) and 57P01–57P05 (shutting down, starting up, idle
 * session closed). 57014 (a cancelled statement) is not here: that is the
 * request's own timeout, QUERY_TIMEOUT.
 */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|53[0-9A-Z]{3}|57P0[1-5])$/;

/**
 * Redis replies of a server that cannot answer now: the first word of a
 * reply error is its error code in the Redis protocol.
 */
const UNAVAILABLE_REDIS_REPLY = /^(LOADING|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|BUSY)\b/;

/**
 * Errors that pg and ioredis raise as plain `Error`s, with neither a class nor
 * a code to tell them by (read in pg 8.23 `lib/client.js`, pg-pool 3
 * `index.js` and ioredis 5 `built/Redis.js`, `Command.js`): their exact
 * messages are the only mark. Recheck when either driver is upgraded;
 * `infrastructure-error.spec.ts` pins each one.
 */
const DRIVER_MESSAGES = new Set([
  // pg: `query_timeout` ran out; the pool's `connectionTimeoutMillis` ran out (waiting or connecting).
  'Query read timeout',
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
  // pg: the socket closed under a client, or a broken client was used again.
  'Connection terminated unexpectedly',
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  // ioredis: no connection and no offline queue; `commandTimeout` ran out; the connection closed.
  "Stream isn't writeable and enableOfflineQueue options is false",
  'Command timed out',
  'Connection is closed.',
  'connect ETIMEDOUT',
]);

/** ioredis' error when a command gave up after `maxRetriesPerRequest` reconnections. */
const REDIS_RETRIES_EXHAUSTED = 'MaxRetriesPerRequestError';

interface ErrorShape {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly cause?: unknown;
  readonly driverError?: unknown;
  readonly originalError?: unknown;
  readonly errors?: unknown;
}

function isOwnMark(error: ErrorShape): boolean {
  if (error instanceof ConnectionIsNotSetError || error instanceof CannotExecuteNotConnectedError)
    return true;
  if (error.name === REDIS_RETRIES_EXHAUSTED) return true;
  const { code, message } = error;
  if (typeof code === 'string' && (NETWORK_ERROR_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code)))
    return true;
  if (typeof message !== 'string') return false;
  if (error.name === 'ReplyError') return UNAVAILABLE_REDIS_REPLY.test(message);
  return DRIVER_MESSAGES.has(message);
}

/**
 * True when `error` says that a dependency (PostgreSQL, Redis) could not be
 * asked: unreachable, broken off, out of capacity or not answering in time.
 * False for every answer the dependency did give (no such row, a constraint,
 * a syntax error, a cancelled statement). Looks through the wrappers the
 * stack puts around a driver's error: TypeORM's `QueryFailedError.driverError`,
 * GraphQL's `originalError`, `cause`, and `AggregateError.errors` (a host
 * name with several addresses fails on each).
 *
 * Every library decides "could not ask" (503 SERVICE_UNAVAILABLE, a fallback)
 * versus "was told no" (401, 404 …) with this one function.
 */
export function isInfrastructureError(error: unknown): boolean {
  return check(error, 0);
}

function check(error: unknown, depth: number): boolean {
  // Wrappers are a few levels deep at most; the bound also stops a cause cycle.
  if (depth > 6 || typeof error !== 'object' || error === null) return false;
  const shape = error as ErrorShape;
  if (isOwnMark(shape)) return true;
  if (Array.isArray(shape.errors) && shape.errors.some((inner) => check(inner, depth + 1))) return true;
  return [shape.driverError, shape.originalError, shape.cause].some((inner) => check(inner, depth + 1));
}
