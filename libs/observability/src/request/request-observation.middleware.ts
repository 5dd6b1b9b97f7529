import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { RailRequestStore } from '@rail/core';
import { ClsService } from 'nestjs-cls';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RailMetrics } from '../metrics/rail-metrics.service.js';
import { traceBridge } from '../tracing/trace-bridge.js';
import { routeOf, startObservation } from './request-observation.js';

/** The status counted for a response whose connection closed before it was sent (nginx's convention). */
const CLIENT_CLOSED = 499;

/**
 * Opens the observation of each request (read by its log line and the
 * GraphQL plugin) and counts it in the HTTP metrics when it ends. Runs after
 * the request context's middleware, whose store it keeps: authentication
 * sets the principal there later, and the store outlives the async context.
 */
@Injectable()
export class RequestObservationMiddleware implements NestMiddleware<IncomingMessage, ServerResponse> {
  constructor(
    private readonly cls: ClsService<RailRequestStore>,
    private readonly metrics: RailMetrics,
  ) {}

  use(request: IncomingMessage, response: ServerResponse, next: () => void): void {
    const store = this.cls.isActive() ? this.cls.get() : undefined;
    const observation = startObservation(request, store, traceBridge().activeSpan?.()?.traceId);
    if (this.metrics.enabled) {
      response.once('close', () => {
        this.metrics.observeHttpRequest(
          request.method ?? 'OTHER',
          routeOf(request, observation),
          response.writableFinished ? response.statusCode : CLIENT_CLOSED,
          (performance.now() - observation.startedAt) / 1000,
        );
      });
    }
    next();
  }
}
