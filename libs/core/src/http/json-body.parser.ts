import { Logger } from '@nestjs/common';
import { json, type NextFunction, type Request, type Response } from 'express';
import { RailErrorCode } from '../errors/rail-error-code.enum.js';
import type { RailSignals } from '../signals/rail-signals.service.js';

interface BodyParserError {
  readonly type?: string;
  readonly status?: number;
}

/** body-parser's error types, as Rail codes and statuses. */
const refusals: Record<string, { status: number; code: RailErrorCode; message: (limit: number) => string }> =
  {
    'entity.too.large': {
      status: 413,
      code: RailErrorCode.PAYLOAD_TOO_LARGE,
      message: (limit) => `The request body is larger than ${limit} bytes.`,
    },
    'entity.parse.failed': {
      status: 400,
      code: RailErrorCode.BAD_REQUEST,
      message: () => 'The request body is not valid JSON.',
    },
  };

/**
 * Parses JSON bodies up to `limitBytes` (JSON only: GraphQL needs nothing
 * else, and a form or text body must not reach it as a "simple" cross-site
 * request). Refusals are JSON: GraphQL-shaped errors at the GraphQL path,
 * `{ statusCode, code, message }` elsewhere.
 *
 * Nest's own body parser must be off (`NestFactory.create(AppModule, { bodyParser: false })`);
 * if it has already parsed a request, its 100 kB default is the limit, and this says so once.
 */
export function jsonBodyParser(
  limitBytes: number,
  graphqlPath: string,
  signals: RailSignals,
): (req: Request, res: Response, next: NextFunction) => void {
  const parse = json({ limit: limitBytes, type: ['application/json', 'application/*+json'] });
  const logger = new Logger('RailHttp');
  let warned = false;
  return (req, res, next) => {
    if ((req as Request & { _body?: boolean })._body) {
      if (!warned) {
        warned = true;
        logger.warn(
          `Requests reach Rail already parsed, so Rail's body limit (${limitBytes} bytes) is not in force. Create the app with { bodyParser: false }.`,
        );
      }
      return next();
    }
    parse(req, res, (error?: unknown) => {
      if (!error) return next();
      const { type, status } = error as BodyParserError;
      const refusal = (type && refusals[type]) || undefined;
      const statusCode = refusal?.status ?? status ?? 400;
      const code = refusal?.code ?? RailErrorCode.BAD_REQUEST;
      const message = refusal?.message(limitBytes) ?? 'The request body could not be read.';
      if (code === RailErrorCode.PAYLOAD_TOO_LARGE)
        signals.emit({ kind: 'request.blocked', rule: 'body_size' });
      // The rest of an oversized body is not read: the connection closes after the answer.
      if (statusCode === 413) res.setHeader('Connection', 'close');
      const graphql = req.originalUrl.split('?')[0] === graphqlPath;
      res
        .status(statusCode)
        .type('application/json')
        .send(
          JSON.stringify(
            graphql ? { errors: [{ message, extensions: { code } }] } : { statusCode, code, message },
          ),
        );
    });
  };
}
