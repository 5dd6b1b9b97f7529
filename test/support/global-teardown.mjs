// Drops the run's databases, including those of test files that crashed.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export default async function globalTeardown() {
  const id = process.env.RAIL_TEST_RUN_ID;
  if (!id) return;
  rmSync(join(tmpdir(), `rail-test-${id}`), { recursive: true, force: true });
  if (!process.env.RAIL_TEST_POSTGRES_URL) return;
  const client = new pg.Client({ connectionString: process.env.RAIL_TEST_POSTGRES_URL });
  await client.connect();
  const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [
    `rail_test_${id}_%`,
  ]);
  for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await client.end();
}
