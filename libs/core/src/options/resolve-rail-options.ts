import type { z } from 'zod';
import { describeReceived } from './describe-received.js';
import { parseOptions } from './parse-options.js';
import { RailConfigurationError } from './rail-configuration.error.js';
import {
  postgresUrl,
  railOptionsSchema,
  type RailModuleOptions,
  type ResolvedRailOptions,
} from './rail-options.schema.js';

/** The margin of the client's query timeout over the longest statement timeout: the server cancels first. */
const QUERY_TIMEOUT_MARGIN_MS = 5_000;

function queryTimeout(value: z.output<typeof railOptionsSchema>): number {
  const { pool, statementTimeoutMs, statementTimeoutsByField } = value.database;
  if (pool.queryTimeoutMs !== undefined) return pool.queryTimeoutMs;
  const longest = Math.max(statementTimeoutMs, ...Object.values(statementTimeoutsByField));
  // A field with no timeout (0) means "as long as it takes": no client-side limit either then.
  const unbounded = statementTimeoutMs === 0 || Object.values(statementTimeoutsByField).includes(0);
  return unbounded ? 0 : longest + QUERY_TIMEOUT_MARGIN_MS;
}

/**
 * Validates RailModule options and applies defaults and the environment.
 * Throws a {@link RailConfigurationError} that names every wrong key.
 */
export function resolveRailOptions(
  options: RailModuleOptions,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedRailOptions {
  const value = parseOptions(railOptionsSchema, options, 'RailModule options');
  const production = value.production ?? env.NODE_ENV === 'production';
  let url = value.database.url;
  if (url === undefined && env.DATABASE_URL) {
    const fromEnv = postgresUrl.safeParse(env.DATABASE_URL);
    if (!fromEnv.success) {
      throw new RailConfigurationError(
        `Invalid environment variable DATABASE_URL: ${fromEnv.error.issues[0]?.message ?? 'invalid'}, received ${describeReceived(env.DATABASE_URL)}`,
      );
    }
    url = fromEnv.data;
  }
  return {
    ...value,
    production,
    database: {
      ...value.database,
      url,
      pool: { ...value.database.pool, queryTimeoutMs: queryTimeout(value) },
    },
    graphql: {
      ...value.graphql,
      introspection: value.graphql.introspection ?? !production,
      graphiql: value.graphql.graphiql ?? !production,
      persistedQueries: {
        ...value.graphql.persistedQueries,
        automatic: value.graphql.persistedQueries.automatic ?? !production,
      },
    },
  };
}
