import type { RailModuleOptions } from '@rail/core';
import { auditEntities } from '@rail/audit';
import { authEntities } from '@rail/auth';
import { taskEntities } from '@rail/tasks';
import { reportingEntities } from '@rail/reporting';
import { webhookEntities } from '@rail/webhooks';
import { storeEntities } from './entities/index.js';
import { storeMigrations } from './migrations/index.js';

/** The sample app's RailModule options; `DATABASE_URL` selects PostgreSQL. */
export function storeRailOptions(env: NodeJS.ProcessEnv = process.env): RailModuleOptions {
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
    },
  };
}
