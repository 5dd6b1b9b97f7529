import type { RailModuleOptions } from '@rail/core';
import { auditEntities } from '@rail/audit';
import { authEntities } from '@rail/auth';
import { taskEntities } from '@rail/tasks';
import { reportingEntities } from '@rail/reporting';
import { webhookEntities } from '@rail/webhooks';
import { storeEntities } from './entities/index.js';
import { storeMigrations } from './migrations/index.js';
import { assertStrongProductionSecrets } from './production-secrets.js';

/** A number from the environment, or `undefined` for the default; RailModule's validation names a bad value. */
const numberFrom = (value: string | undefined): number | undefined =>
  value === undefined || value === '' ? undefined : Number(value);

/** A comma-separated list from the environment. */
const listFrom = (value: string | undefined): string[] | undefined =>
  value
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : undefined;

/** `field=ms,field=ms` (e.g. `report=60000`). */
const timeoutsFrom = (value: string | undefined): Record<string, number> | undefined =>
  value
    ? Object.fromEntries(
        (listFrom(value) ?? []).map((pair) => {
          const [field = '', ms = ''] = pair.split('=');
          return [field.trim(), Number(ms)];
        }),
      )
    : undefined;

/** `true`/`false`, a hop count, or a list of proxy addresses for Express's `trust proxy`. */
const trustProxyFrom = (value: string | undefined): boolean | number | string[] | undefined => {
  if (!value) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : listFrom(value);
};

/** The sample app's RailModule options; `DATABASE_URL` selects PostgreSQL. */
export function storeRailOptions(env: NodeJS.ProcessEnv = process.env): RailModuleOptions {
  // Before any library reads them: a weak production secret is refused naming its variable.
  assertStrongProductionSecrets(env);
  return {
    // The store's tables and the libraries' own: auth (sessions, tokens, MFA), audit, tasks, reports, webhooks.
    entities: [
      ...storeEntities,
      ...authEntities,
      ...auditEntities,
      ...taskEntities,
      ...reportingEntities,
      ...webhookEntities,
    ],
    migrations: storeMigrations,
    database: {
      sqlitePath: env.SQLITE_PATH ?? './data/store.sqlite',
      exposeStatementCount: env.RAIL_EXPOSE_SQL_STATEMENT_COUNT === 'true',
      statementTimeoutMs: numberFrom(env.RAIL_STATEMENT_TIMEOUT_MS),
      statementTimeoutsByField: timeoutsFrom(env.RAIL_STATEMENT_TIMEOUTS),
      // Bounded waits on PostgreSQL (docs/database.md); the library's defaults when unset.
      pool: {
        connectTimeoutMs: numberFrom(env.RAIL_DATABASE_CONNECT_TIMEOUT_MS),
        queryTimeoutMs: numberFrom(env.RAIL_DATABASE_QUERY_TIMEOUT_MS),
        idleTimeoutMs: numberFrom(env.RAIL_DATABASE_IDLE_TIMEOUT_MS),
      },
    },
    // Limits and switches of docs/security.md; every value has a safe default when its variable is unset.
    graphql: {
      introspectionRoles: listFrom(env.RAIL_INTROSPECTION_ROLES),
      limits: {
        depth: numberFrom(env.RAIL_GRAPHQL_MAX_DEPTH),
        aliases: numberFrom(env.RAIL_GRAPHQL_MAX_ALIASES),
        directives: numberFrom(env.RAIL_GRAPHQL_MAX_DIRECTIVES),
        tokens: numberFrom(env.RAIL_GRAPHQL_MAX_TOKENS),
        cost: numberFrom(env.RAIL_GRAPHQL_MAX_COST),
      },
      batching: env.RAIL_GRAPHQL_BATCH_MAX
        ? { enabled: true, maxSize: numberFrom(env.RAIL_GRAPHQL_BATCH_MAX) }
        : undefined,
      persistedQueries: { trustedDocumentsFile: env.RAIL_TRUSTED_DOCUMENTS || undefined },
    },
    http: {
      trustProxy: trustProxyFrom(env.RAIL_TRUST_PROXY),
      corsOrigins: listFrom(env.RAIL_CORS_ORIGINS),
      bodyLimitBytes: numberFrom(env.RAIL_BODY_LIMIT_BYTES),
    },
    limits: {
      concurrentExpensiveOperationsPerUser: numberFrom(env.RAIL_MAX_CONCURRENT_EXPENSIVE_OPERATIONS),
    },
  };
}
