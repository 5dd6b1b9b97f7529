import type { IncomingMessage, ServerResponse } from 'node:http';
import { REQUEST_ID_HEADER, resolveRequestId, type RailRequestStore } from '@rail/core';
import { ClsServiceManager } from 'nestjs-cls';
import type { Params } from 'nestjs-pino';
import { type DestinationStream, type LevelWithSilent, stdSerializers, stdTimeFunctions } from 'pino';
import type { Options } from 'pino-http';
import type { ResolvedObservabilityOptions } from '../rail-observability.options.js';
import { observationOf, routeOf } from '../request/request-observation.js';
import { traceBridge } from '../tracing/trace-bridge.js';
import { maskUrl, REDACTED, scrubSecrets } from './log-redaction.js';

type RequestLike = IncomingMessage & { readonly originalUrl?: string };

/**
 * nestjs-pino's parameters: JSON lines on standard output (or the given
 * stream) with the request id on every line of a request, one line per
 * request when it ends, and credentials kept out: headers and keys by
 * `redact`, token-shaped text anywhere by a last pass over each line.
 *
 * nestjs-pino builds one root logger per process from the first app's
 * parameters, so nothing here may capture an app's instances: what a line
 * needs per request is read from the request itself or the request context.
 */
export function createLoggerParams(
  options: ResolvedObservabilityOptions,
  destination: DestinationStream | undefined,
): Params<RequestLike, ServerResponse> {
  const { logs, metrics } = options;
  const quietPaths = new Set([...logs.quietPaths, metrics.path]);
  const cls = ClsServiceManager.getClsService<RailRequestStore>();
  const bridge = traceBridge();

  const requestFields = (request: RequestLike) => {
    const observation = observationOf(request);
    const principal = observation?.store?.principal;
    return {
      req: request,
      route: routeOf(request, observation),
      // The client address as the request context resolved it (behind proxies: per RAIL_TRUST_PROXY).
      ...(observation?.store?.ip ? { ip: observation.store.ip } : {}),
      ...(principal ? { userId: principal.userId, companyId: principal.companyId } : {}),
      ...(observation?.graphql ? { graphql: observation.graphql } : {}),
      ...(observation?.traceId ? { traceId: observation.traceId } : {}),
    };
  };
  const summary = (request: RequestLike, response: ServerResponse) =>
    `${request.method ?? '?'} ${routeOf(request, observationOf(request))} ${response.statusCode}${response.writableEnded ? '' : ' (aborted)'}`;

  const http: Options<RequestLike, ServerResponse> = {
    level: logs.level,
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // Rail's own credential keys are censored by the line pass (scrubSecrets); pino's wildcard redaction,
    // which walks every field of every line, only for the app's extra paths.
    ...(logs.redact.length > 0 ? { redact: { paths: [...logs.redact], censor: REDACTED } } : {}),
    hooks: { streamWrite: scrubSecrets },
    // Who and which trace, on every line made inside a request (the request id is bound per request).
    mixin: () => {
      const fields: Record<string, unknown> = {};
      const principal = cls.isActive() ? cls.get('principal') : undefined;
      if (principal) {
        fields.userId = principal.userId;
        fields.companyId = principal.companyId;
      }
      const span = bridge.activeSpan?.();
      if (span) {
        fields.traceId = span.traceId;
        fields.spanId = span.spanId;
      }
      return fields;
    },
    // The request context's id (X-Request-ID, resolved and echoed by @rail/core), never a counter.
    genReqId: (request, response) => {
      const echoed = response.getHeader(REQUEST_ID_HEADER);
      return typeof echoed === 'string'
        ? echoed
        : resolveRequestId(request.headers[REQUEST_ID_HEADER]).requestId;
    },
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    // Only the request id is bound to a request's lines; the request itself is summed up once, at the end.
    quietReqLogger: true,
    quietResLogger: true,
    autoLogging: logs.requests,
    wrapSerializers: false,
    serializers: {
      // No headers at all: only what identifies the request.
      req: (request: RequestLike) => ({
        method: request.method,
        url: maskUrl(request.originalUrl ?? request.url ?? ''),
        userAgent: request.headers['user-agent'],
      }),
      res: (response: ServerResponse) => ({ statusCode: response.statusCode }),
      err: stdSerializers.err,
    },
    customLogLevel: (request, response, error): LevelWithSilent => {
      // GraphQL answers errors with 200: its codes say whether the server failed or the client erred.
      const codes = observationOf(request)?.graphql?.errorCodes ?? [];
      if (error || response.statusCode >= 500 || codes.includes('INTERNAL_SERVER_ERROR')) return 'error';
      if (response.statusCode >= 400 || codes.length > 0) return 'warn';
      const path = (request.originalUrl ?? request.url ?? '').split('?', 1)[0];
      return quietPaths.has(path) ? 'debug' : 'info';
    },
    customSuccessMessage: summary,
    customErrorMessage: summary,
    customSuccessObject: (request, _response, value: object) => ({ ...value, ...requestFields(request) }),
    customErrorObject: (request, _response, _error, value: object) => ({
      ...value,
      ...requestFields(request),
    }),
  };
  return { pinoHttp: destination ? [http, destination] : http };
}
