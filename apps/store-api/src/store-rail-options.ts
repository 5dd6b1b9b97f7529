import type { RailModuleOptions } from '@rail/core';
import { auditEntities } from '@rail/audit';
import { authEntities } from '@rail/auth';
import { taskEntities } from '@rail/tasks';
import { storeEntities } from './entities/index.js';
import { storeMigrations } from './migrations/index.js';

/** The sample app's RailModule options; `DATABASE_URL` selects PostgreSQL. */
export function storeRailOptions(env: NodeJS.ProcessEnv = process.env): RailModuleOptions {
  return {
    // The store's tables, the auth library's own (sessions, tokens, MFA), the audit trail and the tasks.
    entities: [...storeEntities, ...authEntities, ...auditEntities, ...taskEntities],
    migrations: storeMigrations,
    database: {
      sqlitePath: env.SQLITE_PATH ?? './data/store.sqlite',
      exposeStatementCount: env.RAIL_EXPOSE_SQL_STATEMENT_COUNT === 'true',
    },
  };
}
