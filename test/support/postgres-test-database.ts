import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { currentTestRun, postgresDatabaseUrl } from './test-run.js';

/** The PostgreSQL server of this machine and of CI (trust auth, a database `test`). */
const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A PostgreSQL database for a test that needs PostgreSQL on every run (the
 * trace test: the embedded better-sqlite3 has no OpenTelemetry instrumentation). On a
 * PostgreSQL run it is a copy of the run's seeded template; otherwise an empty
 * database on the local server, which the app migrates and seeds as it starts
 * (`SEED_WHEN_EMPTY`, in `env`).
 */
export async function createPostgresTestDatabase(): Promise<TestDatabase> {
  const run = currentTestRun();
  if (run.postgresUrl) {
    const database = await createTestDatabase('seeded');
    return { ...database, env: { ...database.env, SEED_WHEN_EMPTY: 'false' } };
  }
  const name = `rail_test_${run.id}_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: LOCAL_SERVER });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`This test needs PostgreSQL at ${LOCAL_SERVER}: ${String(error)}`, { cause: error });
  }
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    kind: 'postgres',
    env: { DATABASE_URL: postgresDatabaseUrl(LOCAL_SERVER, name), SEED_WHEN_EMPTY: 'true' },
    drop: async () => {
      const dropper = new pg.Client({ connectionString: LOCAL_SERVER });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}
