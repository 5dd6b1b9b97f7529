import { Inject, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import compression from 'compression';
import cors from 'cors';
import type { Express } from 'express';
import helmet from 'helmet';
import { RAIL_OPTIONS } from '../options/rail-options.constants.js';
import type { ResolvedRailOptions } from '../options/rail-options.schema.js';
import { RailSignals } from '../signals/rail-signals.service.js';
import { graphqlRequestGate } from './graphql-request-gate.js';
import { jsonBodyParser } from './json-body.parser.js';
import { TrustedDocuments } from './trusted-documents.js';

/**
 * The HTTP side of a Rail app, in front of every route: the client address
 * behind trusted proxies, security headers, CORS from an allow-list, response
 * compression, JSON bodies up to a cap, and the GraphQL request gate
 * (batching, trusted documents). All from `RailModule` options.
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

    const trusted = graphql.persistedQueries.trustedDocumentsFile
      ? TrustedDocuments.fromFile(graphql.persistedQueries.trustedDocumentsFile)
      : undefined;
    const middleware = [
      ...(http.securityHeaders
        ? [
            helmet({
              // GraphiQL (development) loads its scripts and styles from a CDN; production serves no page.
              contentSecurityPolicy: graphql.graphiql ? false : undefined,
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
    ];
    consumer.apply(...middleware).forRoutes('{*path}');
    consumer.apply(graphqlRequestGate(this.options, trusted, this.signals)).forRoutes(graphql.path);
  }
}
