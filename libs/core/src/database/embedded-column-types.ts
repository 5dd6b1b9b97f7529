import { getMetadataArgsStorage } from 'typeorm';

// Entities are written for PostgreSQL, the production database. The embedded
// SQLite database stores the same data in its nearest types: timestamps as ISO
// text, JSON as text. Nothing else needs translating.
const sqliteTypeFor: Readonly<Record<string, string>> = {
  timestamptz: 'datetime',
  'timestamp with time zone': 'datetime',
  timestamp: 'datetime',
  jsonb: 'json',
};

/**
 * Rewrites PostgreSQL-only column types of every registered entity to their
 * SQLite equivalents. Called once, before the embedded database is opened.
 */
export function adaptColumnTypesForSqlite(): void {
  for (const column of getMetadataArgsStorage().columns) {
    const type = column.options.type;
    if (typeof type === 'string' && type in sqliteTypeFor) {
      column.options.type = sqliteTypeFor[type] as typeof column.options.type;
    }
  }
  // SQLite has no identity columns; its INTEGER PRIMARY KEY autoincrements.
  // TypeORM records `@PrimaryGeneratedColumn('identity')` with a strategy its
  // own types do not list, hence the widened view.
  for (const generation of getMetadataArgsStorage().generations as { strategy: string }[]) {
    if (generation.strategy === 'identity') generation.strategy = 'increment';
  }
}
