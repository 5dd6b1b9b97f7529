// Runs once before all test files, outside Jest's module system (so plain JS).
// It names the run and checks PostgreSQL; the seeded template database is made
// by the first test file that needs it (see seeded-template.ts).
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export default async function globalSetup() {
  const id = `${Date.now().toString(36)}_${process.pid}`;
  process.env.RAIL_TEST_RUN_ID = id;
  mkdirSync(join(tmpdir(), `rail-test-${id}`), { recursive: true });
  // The apps under test read DATABASE_URL and REDIS_URL: the run keeps the
  // services' URLs aside (test/support/services.ts reads them), hands every test
  // file a database of its own, and Redis to the apps whose test asks for it.
  const databaseUrl = process.env.DATABASE_URL;
  if (process.env.REDIS_URL) process.env.RAIL_TEST_REDIS_URL = process.env.REDIS_URL;
  delete process.env.DATABASE_URL;
  delete process.env.REDIS_URL;
  if (!databaseUrl) return;
  process.env.RAIL_TEST_POSTGRES_URL = databaseUrl;
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `DATABASE_URL is set but PostgreSQL cannot be reached (${error.message}). Start it, or unset DATABASE_URL to test on the embedded database.`,
      { cause: error },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
