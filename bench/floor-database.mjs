// The floor's access to the benchmark database, through the same drivers the
// app uses (pg, sql.js), with nothing between the SQL and the rows.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import initSqlJs from 'sql.js';

// TypeORM leaves pg's pool at its default size of 10; the floor gets the same.
const POOL_SIZE = 10;

async function openPostgres(url) {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
  return {
    dialect: 'postgres',
    query: async ({ text, params }) => (await pool.query(text, params)).rows,
    close: () => pool.end(),
  };
}

// sql.js holds the whole file in memory, as the app's TypeORM driver does; the
// bench only reads, so the two copies never diverge.
async function openSqlite(path) {
  const SQL = await initSqlJs();
  const database = new SQL.Database(readFileSync(path));
  // Each statement is prepared once and reused, as hand-written code would.
  const prepared = new Map();
  return {
    dialect: 'sqlite',
    query: ({ text, params }) => {
      let statement = prepared.get(text);
      if (!statement) {
        statement = database.prepare(text);
        prepared.set(text, statement);
      }
      try {
        statement.bind(params);
        const rows = [];
        while (statement.step()) rows.push(statement.getAsObject());
        return Promise.resolve(rows);
      } finally {
        statement.reset();
      }
    },
    close: () => {
      for (const statement of prepared.values()) statement.free();
      database.close();
      return Promise.resolve();
    },
  };
}

/** PostgreSQL when `databaseUrl` is set, otherwise the SQLite file at `sqlitePath`. */
export function openFloorDatabase({ databaseUrl, sqlitePath }) {
  return databaseUrl ? openPostgres(databaseUrl) : openSqlite(sqlitePath);
}
