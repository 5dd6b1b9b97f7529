import type { RailModuleOptions } from '@rail/core';
import { authEntities } from '@rail/auth';
import { storeEntities } from './entities/index.js';
import { storeMigrations } from './migrations/index.js';

/** The sample app's RailModule options; `DATABASE_URL` selects PostgreSQL. */
export function storeRailOptions(env: NodeJS.ProcessEnv = process.env): RailModuleOptions {
  return {
    // The store's tables and the auth library's own (sessions, tokens, MFA).
    entities: [...storeEntities, ...authEntities],
    migrations: storeMigrations,
    database: {
      sqlitePath: env.SQLITE_PATH ?? './data/store.sqlite',
      exposeStatementCount: env.RAIL_EXPOSE_SQL_STATEMENT_COUNT === 'true',
    },
  };
}
