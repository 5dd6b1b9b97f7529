import { auditEntities } from '@rail/audit';
import { authEntities } from '@rail/auth';
import type { RailModuleOptions } from '@rail/core';
import { helpdeskEntities } from './entities/index.js';
import { helpdeskMigrations } from './migrations/index.js';

/**
 * The helpdesk's RailModule options: its tables and the libraries' own (sign-in
 * sessions, the audit trail). PostgreSQL when DATABASE_URL is set (the
 * migrations run at start-up), else an embedded SQLite file.
 */
export function helpdeskRailOptions(env: NodeJS.ProcessEnv = process.env): RailModuleOptions {
  return {
    entities: [...helpdeskEntities, ...authEntities, ...auditEntities],
    migrations: helpdeskMigrations,
    database: { sqlitePath: env.SQLITE_PATH ?? './data/helpdesk.sqlite' },
  };
}
