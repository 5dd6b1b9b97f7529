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
  /** The operation nests deeper than the configured depth limit. */
  QUERY_TOO_DEEP = 'QUERY_TOO_DEEP',
  /** The operation's estimated cost (list sizes multiplied through) is over the limit. */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  /** More aliases (`__typename` included) than allowed. */
  TOO_MANY_ALIASES = 'TOO_MANY_ALIASES',
  /** More directives than allowed. */
  TOO_MANY_DIRECTIVES = 'TOO_MANY_DIRECTIVES',
  /** The document has more tokens than the parser accepts. */
  TOO_MANY_TOKENS = 'TOO_MANY_TOKENS',
  /** The request's SQL ran past its statement timeout and was cancelled in the database. */
  QUERY_TIMEOUT = 'QUERY_TIMEOUT',
  /**
   * A dependency the request needs (the database, Redis) could not be reached or did not answer in
   * time; the request was not carried out. Retry after `retryAfter` seconds.
   */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** The user already runs as many expensive operations (exports, reports) as allowed at once. */
  TOO_MANY_CONCURRENT_OPERATIONS = 'TOO_MANY_CONCURRENT_OPERATIONS',
  /** A JSON-array batch while batching is off, or a batch over its size cap. */
  BATCHING_NOT_ALLOWED = 'BATCHING_NOT_ALLOWED',
  /** The request body is over the configured size cap. */
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  /** Production with a trusted-documents manifest: the document is not in it. */
  PERSISTED_QUERY_NOT_ALLOWED = 'PERSISTED_QUERY_NOT_ALLOWED',
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
