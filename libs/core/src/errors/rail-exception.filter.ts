import { type ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';

/**
 * In GraphQL, hands every error to the GraphQL error formatter, which logs the
 * unexpected ones in full; without this, Nest would also log each expected
 * error (a wrong password, a denial) as if the server had failed.
 * HTTP routes keep Nest's own handling.
 */
@Catch()
export class RailExceptionFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<string>() === 'graphql') return exception;
    return super.catch(exception, host);
  }
}
