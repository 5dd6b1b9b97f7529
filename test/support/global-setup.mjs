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
  if (!process.env.DATABASE_URL) return;
  // The app under test reads DATABASE_URL; the run keeps the server's URL
  // aside and hands every test file a database of its own.
  process.env.RAIL_TEST_POSTGRES_URL = process.env.DATABASE_URL;
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
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
