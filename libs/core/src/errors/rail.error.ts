import { GraphQLError } from 'graphql';
import type { RailErrorCode } from './rail-error-code.enum.js';

/**
 * An expected error whose message is safe to show to the client.
 *
 * @example
 * throw new RailError(RailErrorCode.NOT_FOUND, 'Order 42 does not exist');
 */
export class RailError extends GraphQLError {
  constructor(
    readonly code: RailErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { ...details, code } });
    this.name = 'RailError';
  }
}
