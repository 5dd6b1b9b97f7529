import { randomUUID } from 'node:crypto';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { ensureSeededTemplate } from './seeded-template.js';
import { currentTestRun, postgresDatabaseUrl } from './test-run.js';

export interface TestDatabase {
  /** Unique in the run; also names the app's Redis keys. */
  readonly name: string;
  /** Environment variables that point the store app at this database. */
  readonly env: Readonly<Record<string, string>>;
  readonly kind: 'postgres' | 'sqlite';
  drop(): Promise<void>;
}

/**
 * A database of the test file's own: a copy of the run's seeded template, or
 * an empty one (to watch the app create and seed it).
 */
export async function createTestDatabase(contents: 'seeded' | 'empty' = 'seeded'): Promise<TestDatabase> {
  const run = currentTestRun();
  const name = `rail_test_${run.id}_${randomUUID().slice(0, 8)}`;
  if (contents === 'seeded') await ensureSeededTemplate(run);
  if (run.postgresUrl) {
    const serverUrl = run.postgresUrl;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(
      contents === 'seeded'
        ? `CREATE DATABASE ${name} TEMPLATE ${run.templateDatabase}`
        : `CREATE DATABASE ${name}`,
    );
    await admin.end();
    return {
      name,
      kind: 'postgres',
      env: { DATABASE_URL: postgresDatabaseUrl(serverUrl, name) },
      drop: async () => {
        const dropper = new pg.Client({ connectionString: serverUrl });
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await dropper.end();
      },
    };
  }
  const path = join(run.directory, `${name}.sqlite`);
  // The template was closed after seeding, which folds its write-ahead log
  // into the file: the file alone is the whole database.
  if (contents === 'seeded') copyFileSync(run.templateSqlitePath, path);
  return {
    name,
    kind: 'sqlite',
    env: { SQLITE_PATH: path },
    drop: () => {
      // An app that did not close cleanly leaves its WAL and shared-memory files beside the database.
      for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
      return Promise.resolve();
    },
  };
}
