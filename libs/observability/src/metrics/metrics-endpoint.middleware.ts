import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { carriesToken, METRICS_ACCESS, type MetricsAccess } from './metrics-access.js';
import { RailMetrics } from './rail-metrics.service.js';

/**
 * Answers `GET /metrics` in the Prometheus text format. A middleware rather
 * than a controller: the scrape carries its own bearer token, not a user's
 * JWT, so the app's guards (authentication, rate limits) have no say, and the
 * answer to a wrong token is a plain 401 whatever the app's error format.
 * Mounted only when the endpoint is served at all.
 */
@Injectable()
export class MetricsEndpointMiddleware implements NestMiddleware<IncomingMessage, ServerResponse> {
  constructor(
    private readonly metrics: RailMetrics,
    @Inject(METRICS_ACCESS) private readonly access: MetricsAccess,
  ) {}

  async use(request: IncomingMessage, response: ServerResponse): Promise<void> {
    response.setHeader('Cache-Control', 'no-store');
    if (!carriesToken(this.access, request.headers.authorization)) {
      response.statusCode = 401;
      response.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      response.setHeader('Content-Type', 'text/plain; charset=utf-8');
      response.end('A bearer token is required to read metrics.\n');
      return;
    }
    const body = await this.metrics.registry.metrics();
    response.statusCode = 200;
    response.setHeader('Content-Type', this.metrics.registry.contentType);
    response.end(body);
  }
}
