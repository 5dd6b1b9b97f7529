import type { DataSource } from 'typeorm';

/**
 * `PRAGMA optimize` flags: analyse the tables that might benefit (0x2), with
 * SQLite's temporary analysis limit so that it stays quick however big the
 * file (0x10), checking every table, not only those used lately (0x10000).
 */
export const SQLITE_OPTIMIZE_ALL_TABLES = 0x10012;

/**
 * Brings the query planner's statistics up to date after a bulk load, rather
 * than at the next autovacuum (PostgreSQL) or the next start (SQLite).
 */
export async function refreshPlannerStatistics(dataSource: DataSource): Promise<void> {
  await dataSource.query(
    dataSource.options.type === 'postgres' ? 'ANALYZE' : `PRAGMA optimize = ${SQLITE_OPTIMIZE_ALL_TABLES}`,
  );
}
