import Database from 'better-sqlite3';
import pg from 'pg';
import type { TestDatabase } from './test-database.js';

export type Row = Record<string, unknown>;

export interface DatabaseClient {
  /** `?` placeholders on both databases. */
  query(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

/**
 * A connection of the test's own to an app's database, for tests that watch
 * (or hold locks on) the rows of an app running in another process.
 */
export async function connectTo(database: TestDatabase): Promise<DatabaseClient> {
  if (database.kind === 'postgres') {
    const client = new pg.Client({ connectionString: database.env.DATABASE_URL });
    await client.connect();
    return {
      query: async (sql, params = []) => {
        let index = 0;
        const text = sql.replace(/\?/g, () => `$${++index}`);
        return (await client.query(text, [...params])).rows as Row[];
      },
      close: () => client.end(),
    };
  }
  const db = new Database(database.env.SQLITE_PATH);
  db.pragma('busy_timeout = 5000');
  return {
    query: (sql, params = []) => Promise.resolve(db.prepare(sql).all(...params) as Row[]),
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}
