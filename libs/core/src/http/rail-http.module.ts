import { Inject, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import compression from 'compression';
import cors from 'cors';
import type { Express } from 'express';
import helmet from 'helmet';
import { RAIL_OPTIONS } from '../options/rail-options.constants.js';
import type { ResolvedRailOptions } from '../options/rail-options.schema.js';
import { RailSignals } from '../signals/rail-signals.service.js';
import { graphiqlMiddleware } from '../graphiql/graphiql.middleware.js';
import { graphqlRequestGate } from './graphql-request-gate.js';
import { jsonBodyParser } from './json-body.parser.js';
import { TrustedDocuments } from './trusted-documents.js';

/**
 * helmet's defaults, with styles and fonts narrowed to the app's own: GraphiQL's
 * are files of the app (no CDN, nothing inline), scripts already are 'self'.
 * Outside production the page is served over plain HTTP (localhost), where
 * upgrading its requests to HTTPS would break it.
 */
function contentSecurityDirectives(production: boolean): Record<string, string[] | null> {
  return {
    styleSrc: ["'self'"],
    fontSrc: ["'self'", 'data:'],
    ...(production ? {} : { upgradeInsecureRequests: null }),
  };
}

/**
 * The HTTP side of a Rail app, in front of every route: the client address
 * behind trusted proxies, security headers, CORS from an allow-list, response
 * compression, JSON bodies up to a cap, GraphiQL's page and files when it is
 * on, and the GraphQL request gate (batching, trusted documents). All from `RailModule` options.
 */
@Module({})
export class RailHttpModule implements NestModule {
  constructor(
    @Inject(RAIL_OPTIONS) private readonly options: ResolvedRailOptions,
    private readonly adapterHost: HttpAdapterHost,
    private readonly signals: RailSignals,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    const { http, graphql, production } = this.options;
    // Express reads `trust proxy` per request, so setting it here holds for every route.
    const app = this.adapterHost.httpAdapter?.getInstance<Express>();
    app?.set('trust proxy', http.trustProxy);
    // No ETag: Express would hash every response body (GraphQL answers are POSTs no cache revalidates),
    // a share of each request's CPU for nothing.
    app?.set('etag', false);

    const trusted = graphql.persistedQueries.trustedDocumentsFile
      ? TrustedDocuments.fromFile(graphql.persistedQueries.trustedDocumentsFile)
      : undefined;
    const middleware = [
      ...(http.securityHeaders
        ? [
            helmet({
              contentSecurityPolicy: { directives: contentSecurityDirectives(production) },
              strictTransportSecurity: production ? undefined : false,
            }),
          ]
        : []),
      ...(http.corsOrigins.length > 0
        ? [cors({ origin: http.corsOrigins, credentials: true, maxAge: 600 })]
        : []),
      ...(http.compressionThresholdBytes === false
        ? []
        : [compression({ threshold: http.compressionThresholdBytes })]),
      jsonBodyParser(http.bodyLimitBytes, graphql.path, this.signals),
      // The sign-in bar is for development only, even where GraphiQL is turned on in production.
      ...(graphql.graphiql ? [graphiqlMiddleware(graphql.path, !production)] : []),
    ];
    consumer.apply(...middleware).forRoutes('{*path}');
    consumer.apply(graphqlRequestGate(this.options, trusted, this.signals)).forRoutes(graphql.path);
  }
}
