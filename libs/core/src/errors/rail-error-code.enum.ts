/**
 * The stable `extensions.code` values of every error a Rail API returns.
 * Clients branch on these, so a value never changes meaning once published.
 */
export enum RailErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  FILTER_TOO_COMPLEX = 'FILTER_TOO_COMPLEX',
  GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  /** A malformed HTTP request, e.g. a POST without a query. */
  BAD_REQUEST = 'BAD_REQUEST',
  PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_NOT_SUPPORTED = 'PERSISTED_QUERY_NOT_SUPPORTED',
  OPERATION_RESOLUTION_FAILURE = 'OPERATION_RESOLUTION_FAILURE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

const clientFacingCodes = new Set<string>(
  Object.values(RailErrorCode).filter((code) => code !== RailErrorCode.INTERNAL_SERVER_ERROR),
);

/** True for codes that describe the client's request rather than a server fault. */
export function isClientErrorCode(code: unknown): code is RailErrorCode {
  return typeof code === 'string' && clientFacingCodes.has(code);
}
