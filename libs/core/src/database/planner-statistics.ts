import type { DataSource } from 'typeorm';

/**
 * `PRAGMA optimize` flags, as SQLite advises on opening a long-lived
 * connection: analyse the tables that might benefit (0x2), checking every
 * table, not only those used lately (0x10000). Without SQLite's temporary
 * analysis limit (0x10): sampled, a 100,000-row table looked like 1,250 rows
 * per tenant instead of 50,000, and the planner went back to the tenant
 * index. A full analysis of such a table takes about 30 ms.
 */
export const SQLITE_OPTIMIZE_ALL_TABLES = 0x10002;

/**
 * Brings the query planner's statistics up to date after a bulk load, rather
 * than at the next autovacuum (PostgreSQL) or the next start (SQLite).
 */
export async function refreshPlannerStatistics(dataSource: DataSource): Promise<void> {
  await dataSource.query(
    dataSource.options.type === 'postgres' ? 'ANALYZE' : `PRAGMA optimize = ${SQLITE_OPTIMIZE_ALL_TABLES}`,
  );
}
