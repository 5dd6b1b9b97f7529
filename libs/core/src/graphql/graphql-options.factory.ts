import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { ResolvedRailOptions } from '../options/rail-options.schema.js';
import type { RequestContext } from '../context/request-context.service.js';
import { GraphqlErrorFormatter } from './graphql-error.formatter.js';
import { statementCountPlugin } from './statement-count.plugin.js';
import { withheldFieldsPlugin } from './withheld-fields.plugin.js';
import type { GraphqlSchemaTransforms } from './graphql-schema-transforms.js';

/** Code-first GraphQL, schema generated in memory and sorted, errors formatted by Rail. */
export function createGraphqlOptions(
  options: ResolvedRailOptions,
  context: RequestContext,
  transforms: GraphqlSchemaTransforms,
): ApolloDriverConfig {
  const formatter = new GraphqlErrorFormatter(options.production, () => context.requestId);
  return {
    path: options.graphql.path,
    autoSchemaFile: true,
    transformSchema: (schema) => transforms.apply(schema),
    sortSchema: true,
    introspection: options.graphql.introspection,
    graphiql: options.graphql.graphiql,
    // Rail formats HTTP exceptions itself: Nest's transform copies the raw
    // exception response into `extensions.originalError`.
    autoTransformHttpErrors: false,
    // Apollo's drain plugin closes the HTTP server when Apollo stops, by default in onModuleDestroy:
    // before any beforeApplicationShutdown hook, so a shutdown drain delay would find the server
    // already refusing connections. Stopped after Nest has closed the server instead.
    stopOnApplicationShutdown: true,
    includeStacktraceInErrorResponses: !options.production,
    formatError: (formatted, error) => formatter.format(formatted, error),
    context: ({ req, res }: { req: unknown; res: unknown }) => ({ req, res }),
    plugins: [
      withheldFieldsPlugin(context),
      ...(options.database.exposeStatementCount ? [statementCountPlugin(context)] : []),
    ],
  };
}
