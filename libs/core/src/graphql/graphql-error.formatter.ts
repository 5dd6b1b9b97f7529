import { unwrapResolverError } from '@apollo/server/errors';
import { HttpException, Logger } from '@nestjs/common';
import type { GraphQLFormattedError } from 'graphql';
import { types } from 'node:util';
import { errorCodeForHttpStatus } from '../errors/http-status-error-code.js';
import { isClientErrorCode, RailErrorCode } from '../errors/rail-error-code.enum.js';

// Extensions that describe the server, not the request; never sent as they are.
const serverOnlyExtensions = new Set(['stacktrace', 'exception', 'originalError']);

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
}
