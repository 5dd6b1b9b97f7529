import { type ArgumentsHost, Catch, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';
import { isClientErrorCode } from './rail-error-code.enum.js';
import { RailError } from './rail.error.js';
import { httpStatusForErrorCode } from './http-status-error-code.js';
import { isInfrastructureError } from './infrastructure-error.js';
import { serviceUnavailable } from './service-unavailable.js';

/**
 * In GraphQL, hands every error to the GraphQL error formatter, which logs the
 * unexpected ones in full; without this, Nest would also log each expected
 * error (a wrong password, a denial) as if the server had failed.
 * On HTTP routes, a `RailError` with a client code answers its status (400,
 * 403, 404, 429 …) with `{ statusCode, code, message, ...details }`, so REST
 * routes share the GraphQL API's codes; everything else keeps Nest's own
 * handling (unexpected errors: a bare 500). An error that says the database
 * or Redis could not be asked answers 503 SERVICE_UNAVAILABLE with
 * `Retry-After` instead.
 */
@Catch()
export class RailExceptionFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('Http');

  override catch(thrown: unknown, host: ArgumentsHost): unknown {
    if (host.getType<string>() === 'graphql') return thrown;
    let exception = thrown;
    if (isInfrastructureError(thrown)) {
      // The database or Redis did not answer: 503 with Retry-After, not a bare 500.
      this.logger.warn(
        `A dependency did not answer: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
      );
      exception = serviceUnavailable();
    }
    if (exception instanceof RailError && isClientErrorCode(exception.code)) {
      const response = host.switchToHttp().getResponse<Response>();
      if (response.headersSent) return super.catch(thrown, host);
      const statusCode = httpStatusForErrorCode(exception.code);
      const retryAfter = exception.extensions.retryAfter;
      if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
      response.status(statusCode).json({
        ...exception.extensions,
        statusCode,
        code: exception.code,
        message: exception.message,
      });
      return undefined;
    }
    return super.catch(exception, host);
  }
}
