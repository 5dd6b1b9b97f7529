import { unwrapResolverError } from '@apollo/server/errors';
import { HttpException, Logger } from '@nestjs/common';
import { GraphQLError, Kind, type GraphQLFormattedError } from 'graphql';
import { types } from 'node:util';
import { errorCodeForHttpStatus } from '../errors/http-status-error-code.js';
import { isInfrastructureError } from '../errors/infrastructure-error.js';
import { isClientErrorCode, RailErrorCode } from '../errors/rail-error-code.enum.js';
import { serviceUnavailable } from '../errors/service-unavailable.js';

// Extensions that describe the server, not the request; never sent as they are.
const serverOnlyExtensions = new Set(['stacktrace', 'exception', 'originalError']);

/** PostgreSQL's SQLSTATE for a statement cancelled by `statement_timeout` (or a cancel request). */
const QUERY_CANCELED = '57014';

// graphql-js 16 spells it "more that"; either spelling, so a fix upstream does not lose the code.
const tokenLimitMessage = /^Syntax Error: Document contains more tha[nt] \d+ tokens/;

function isStatementTimeout(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: unknown } } | null)?.driverError;
  return driverError?.code === QUERY_CANCELED;
}

/** The codes of Rail's document-limit rules, which Apollo reports as validation errors. */
const documentLimitCodes = new Set<unknown>([
  RailErrorCode.QUERY_TOO_DEEP,
  RailErrorCode.TOO_MANY_ALIASES,
  RailErrorCode.TOO_MANY_DIRECTIVES,
]);

/** The nodes of a literal argument value: what graphql-js's ValuesOfCorrectTypeRule reports. */
const literalValueKinds = new Set<string>([
  Kind.INT,
  Kind.FLOAT,
  Kind.STRING,
  Kind.BOOLEAN,
  Kind.NULL,
  Kind.ENUM,
  Kind.LIST,
  Kind.OBJECT,
  Kind.OBJECT_FIELD,
]);

/**
 * A limit rule's own code: Apollo reports every validation error as
 * GRAPHQL_VALIDATION_FAILED and keeps the rule's error as the original.
 * A literal value its type refuses (a DateTime "not-a-date", an Int beyond
 * 32 bits, an unknown input field) is BAD_USER_INPUT, as the same value in a
 * variable is: a client should not need two codes for one mistake.
 */
function validationCode(error: unknown): string | undefined {
  if (!(error instanceof GraphQLError)) return undefined;
  const original = error.originalError instanceof GraphQLError ? error.originalError : undefined;
  const code = original?.extensions.code;
  if (documentLimitCodes.has(code)) return code as string;
  // A Rail scalar's own refusal (DateTime, Date, Decimal), reported by the rule as it was thrown.
  if (code === RailErrorCode.BAD_USER_INPUT) return RailErrorCode.BAD_USER_INPUT;
  const nodes = error.nodes ?? [];
  if (nodes.length > 0 && nodes.every((node) => literalValueKinds.has(node.kind)))
    return RailErrorCode.BAD_USER_INPUT;
  return undefined;
}

function clientExtensions(extensions: GraphQLFormattedError['extensions']): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(extensions ?? {}).filter(([key]) => !serverOnlyExtensions.has(key)),
  );
}

/**
 * Gives every GraphQL error a stable `extensions.code` and the request id.
 * Errors the server did not expect are logged in full and, in production,
 * reach the client only as "Internal server error".
 */
export class GraphqlErrorFormatter {
  private readonly logger = new Logger('GraphQL');

  constructor(
    private readonly production: boolean,
    private readonly requestId: () => string | undefined,
  ) {}

  format(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    const requestId = this.requestId();
    const original = unwrapResolverError(error);
    formatted = this.refine(formatted, error);

    if (isStatementTimeout(original)) {
      return {
        message: 'The request ran longer than its statement timeout; the database cancelled it.',
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: RailErrorCode.QUERY_TIMEOUT, requestId },
      };
    }
    if (isInfrastructureError(original)) {
      // Not the request's fault and not a bug: the database or Redis did not answer.
      const cause = types.isNativeError(original) ? original.message : formatted.message;
      this.logger.warn(
        `A dependency did not answer in ${formatted.path?.join('.') ?? 'request'} [requestId=${requestId ?? '-'}]: ${cause}`,
      );
      const unavailable = serviceUnavailable();
      return {
        message: unavailable.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { ...unavailable.extensions, requestId },
      };
    }
    if (original instanceof HttpException) {
      const code = errorCodeForHttpStatus(original.getStatus());
      if (code !== RailErrorCode.INTERNAL_SERVER_ERROR) {
        return { ...formatted, message: original.message, extensions: { code, requestId } };
      }
    } else if (isClientErrorCode(formatted.extensions?.code)) {
      return { ...formatted, extensions: { ...clientExtensions(formatted.extensions), requestId } };
    }

    const cause = types.isNativeError(original) ? original : undefined;
    this.logger.error(
      `Unexpected error in ${formatted.path?.join('.') ?? 'request'} [requestId=${requestId ?? '-'}]: ${cause?.message ?? formatted.message}`,
      cause?.stack,
    );
    const code = RailErrorCode.INTERNAL_SERVER_ERROR;
    if (this.production) {
      return {
        message: 'Internal server error',
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code, requestId },
      };
    }
    return { ...formatted, extensions: { ...formatted.extensions, code, requestId } };
  }

  /** Rail's own code where Apollo put a generic one. */
  private refine(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    const code = formatted.extensions?.code;
    let refinedCode = code;
    if (code === RailErrorCode.GRAPHQL_VALIDATION_FAILED) refinedCode = validationCode(error) ?? code;
    else if (code === RailErrorCode.GRAPHQL_PARSE_FAILED && tokenLimitMessage.test(formatted.message))
      refinedCode = RailErrorCode.TOO_MANY_TOKENS;
    if (refinedCode === code) return formatted;
    return { ...formatted, extensions: { ...formatted.extensions, code: refinedCode } };
  }
}
