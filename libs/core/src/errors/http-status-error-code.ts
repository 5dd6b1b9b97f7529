import { RailErrorCode } from './rail-error-code.enum.js';

/** How an HTTP exception thrown by Nest code (a guard, a pipe) reads as a GraphQL error code. */
const codeByHttpStatus: ReadonlyMap<number, RailErrorCode> = new Map([
  [400, RailErrorCode.BAD_USER_INPUT],
  [401, RailErrorCode.UNAUTHENTICATED],
  [403, RailErrorCode.FORBIDDEN],
  [404, RailErrorCode.NOT_FOUND],
  [409, RailErrorCode.CONFLICT],
  [413, RailErrorCode.PAYLOAD_TOO_LARGE],
  [422, RailErrorCode.BAD_USER_INPUT],
  [429, RailErrorCode.RATE_LIMITED],
  [503, RailErrorCode.SERVICE_UNAVAILABLE],
]);

export function errorCodeForHttpStatus(status: number): RailErrorCode {
  return codeByHttpStatus.get(status) ?? RailErrorCode.INTERNAL_SERVER_ERROR;
}

/** The HTTP status a REST route answers for a `RailError` thrown in it (the inverse of the map above). */
const httpStatusByCode: ReadonlyMap<string, number> = new Map([
  [RailErrorCode.BAD_USER_INPUT, 400],
  [RailErrorCode.BAD_REQUEST, 400],
  [RailErrorCode.FILTER_TOO_COMPLEX, 400],
  [RailErrorCode.QUERY_TOO_COMPLEX, 400],
  [RailErrorCode.QUERY_TOO_DEEP, 400],
  [RailErrorCode.TOO_MANY_ALIASES, 400],
  [RailErrorCode.TOO_MANY_DIRECTIVES, 400],
  [RailErrorCode.TOO_MANY_TOKENS, 400],
  [RailErrorCode.BATCHING_NOT_ALLOWED, 400],
  [RailErrorCode.PERSISTED_QUERY_NOT_ALLOWED, 400],
  [RailErrorCode.PAYLOAD_TOO_LARGE, 413],
  [RailErrorCode.TOO_MANY_CONCURRENT_OPERATIONS, 429],
  [RailErrorCode.QUERY_TIMEOUT, 503],
  [RailErrorCode.SERVICE_UNAVAILABLE, 503],
  [RailErrorCode.UNAUTHENTICATED, 401],
  [RailErrorCode.FORBIDDEN, 403],
  [RailErrorCode.NOT_FOUND, 404],
  [RailErrorCode.CONFLICT, 409],
  [RailErrorCode.RATE_LIMITED, 429],
]);

export function httpStatusForErrorCode(code: string): number {
  return httpStatusByCode.get(code) ?? 500;
}
