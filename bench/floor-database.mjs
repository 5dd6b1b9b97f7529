// The floor's access to the benchmark database, through the same drivers the
// app uses (pg, better-sqlite3), with nothing between the SQL and the rows.
import Database from 'better-sqlite3';
import pg from 'pg';

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

// The same file as the app, opened by a second connection: SQLite in WAL mode
// lets it read while the app writes (sessions, audit) without either waiting.
function openSqlite(path) {
  const database = new Database(path);
  // Each statement is prepared once and reused, as hand-written code would.
  const prepared = new Map();
  return Promise.resolve({
    dialect: 'sqlite',
    query: ({ text, params, steps = [] }) => {
      const statement = (sql) => {
        let found = prepared.get(sql);
        if (!found) {
          found = database.prepare(sql);
          prepared.set(sql, found);
        }
        return found;
      };
      // Integers as INTEGER (a BigInt), as the app binds them; better-sqlite3 binds a number as REAL.
      const bind = (values) => values.map((value) => (Number.isSafeInteger(value) ? BigInt(value) : value));
      // A write's statements, then its answer, in one transaction.
      const run = database.transaction(() => {
        for (const step of steps) statement(step.text).run(bind(step.params));
        return statement(text).all(bind(params));
      });
      return Promise.resolve(run());
    },
    close: () => {
      database.close();
      return Promise.resolve();
    },
  });
}

/** PostgreSQL when `databaseUrl` is set, otherwise the SQLite file at `sqlitePath`. */
export function openFloorDatabase({ databaseUrl, sqlitePath }) {
  return databaseUrl ? openPostgres(databaseUrl) : openSqlite(sqlitePath);
}
