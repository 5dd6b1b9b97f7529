import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { ResolvedRailOptions } from '../options/rail-options.schema.js';
import type { RequestContext } from '../context/request-context.service.js';
import { GraphqlErrorFormatter } from './graphql-error.formatter.js';
import { statementCountPlugin } from './statement-count.plugin.js';
import { withheldFieldsPlugin } from './withheld-fields.plugin.js';
import type { GraphqlSchemaTransforms } from './graphql-schema-transforms.js';
import type { RailExtensions } from '../extension-points/rail-extensions.service.js';
import type { RailSignals } from '../signals/rail-signals.service.js';
import { documentLimitRules } from './document-limits.js';
import { introspectionAccessPlugin } from './introspection-access.plugin.js';
import { queryCostPlugin } from './query-cost.plugin.js';
import { statementTimeoutPlugin } from './statement-timeout.plugin.js';
import { DateTimeScalar } from './date-time.scalar.js';
import { textInputPlugin } from './text-input.plugin.js';

/**
 * Code-first GraphQL, schema generated in memory and sorted, errors formatted
 * by Rail, and the document limits, cost limit, introspection rule and
 * statement timeouts of the options. CSRF prevention stays on (Apollo's
 * default): a POST must be JSON or carry a preflight header, and GET never
 * runs a mutation.
 */
export function createGraphqlOptions(
  options: ResolvedRailOptions,
  context: RequestContext,
  transforms: GraphqlSchemaTransforms,
  extensions: RailExtensions,
  signals: RailSignals,
): ApolloDriverConfig {
  const { graphql } = options;
  const formatter = new GraphqlErrorFormatter(options.production, () => context.requestId);
  // With introspection off but some roles allowed, Apollo keeps it on and the plugin decides per request.
  const introspectionByRole = !graphql.introspection && graphql.introspectionRoles.length > 0;
  return {
    path: graphql.path,
    autoSchemaFile: true,
    transformSchema: (schema) => transforms.apply(schema),
    sortSchema: true,
    // A field typed `Date` without an explicit scalar gets Rail's strict DateTime too.
    buildSchemaOptions: { scalarsMap: [{ type: Date, scalar: DateTimeScalar }] },
    introspection: graphql.introspection || introspectionByRole,
    // Rail serves GraphiQL itself, from the app's own files (graphiql.middleware.ts): Apollo's page loads a CDN.
    graphiql: false,
    csrfPrevention: true,
    // Batches are checked (refused, or capped) before Apollo by the HTTP request gate.
    allowBatchedHttpRequests: graphql.batching.enabled,
    persistedQueries: graphql.persistedQueries.automatic ? {} : false,
    validationRules: documentLimitRules(options, signals),
    ...(graphql.limits.tokens === false ? {} : { parseOptions: { maxTokens: graphql.limits.tokens } }),
    // Rail formats HTTP exceptions itself: Nest's transform copies the raw
    // exception response into `extensions.originalError`.
    autoTransformHttpErrors: false,
    // Apollo's drain plugin closes the HTTP server when Apollo stops, by default in onModuleDestroy:
    // before any beforeApplicationShutdown hook, so a shutdown drain delay would find the server
    // already refusing connections. Stopped after Nest has closed the server instead.
    stopOnApplicationShutdown: true,
    includeStacktraceInErrorResponses: !options.production,
    // No "Did you mean …?" in production: suggestions map the schema for someone without introspection.
    hideSchemaDetailsFromClientErrors: options.production,
    formatError: (formatted, error) => formatter.format(formatted, error),
    context: ({ req, res }: { req: unknown; res: unknown }) => ({ req, res }),
    plugins: [
      // Rail sets no cache hints: Apollo's cache-control plugin would only wrap every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      textInputPlugin(),
      ...(graphql.limits.cost === false ? [] : [queryCostPlugin(graphql.limits.cost, signals)]),
      ...(introspectionByRole
        ? [introspectionAccessPlugin(graphql.introspectionRoles, extensions, signals)]
        : []),
      // Only when some root field has a timeout of its own: otherwise every request would look for one.
      ...(Object.keys(options.database.statementTimeoutsByField).length > 0
        ? [statementTimeoutPlugin(options.database.statementTimeoutsByField, context)]
        : []),
      withheldFieldsPlugin(context),
      ...(options.database.exposeStatementCount ? [statementCountPlugin(context)] : []),
    ],
  };
}
