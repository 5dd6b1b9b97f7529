import { RailErrorCode } from './rail-error-code.enum.js';

/** How an HTTP exception thrown by Nest code (a guard, a pipe) reads as a GraphQL error code. */
const codeByHttpStatus: ReadonlyMap<number, RailErrorCode> = new Map([
  [400, RailErrorCode.BAD_USER_INPUT],
  [401, RailErrorCode.UNAUTHENTICATED],
  [403, RailErrorCode.FORBIDDEN],
  [404, RailErrorCode.NOT_FOUND],
  [409, RailErrorCode.CONFLICT],
  [422, RailErrorCode.BAD_USER_INPUT],
  [429, RailErrorCode.RATE_LIMITED],
]);

export function errorCodeForHttpStatus(status: number): RailErrorCode {
  return codeByHttpStatus.get(status) ?? RailErrorCode.INTERNAL_SERVER_ERROR;
}
