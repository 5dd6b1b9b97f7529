import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { createDataSourceOptions, resolveRailOptions } from '@rail/core';
import { DataSource } from 'typeorm';
import { seedStore } from '../../apps/store-api/src/seed/store-seeder.js';
import { storeRailOptions } from '../../apps/store-api/src/store-rail-options.js';
import { postgresDatabaseUrl, type TestRun } from './test-run.js';

/** The password of the seeded demo users in tests. */
export const TEST_PASSWORD = 'rail-demo-password';
const WAIT_LIMIT_MS = 180_000;

async function buildTemplate(run: TestRun): Promise<void> {
  let url: string | undefined;
  if (run.postgresUrl) {
    const admin = new pg.Client({ connectionString: run.postgresUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${run.templateDatabase}`);
    await admin.end();
    url = postgresDatabaseUrl(run.postgresUrl, run.templateDatabase);
  }
  const options = resolveRailOptions(
    { ...storeRailOptions({}), database: { url, sqlitePath: run.templateSqlitePath } },
    {},
  );
  const dataSource = new DataSource(createDataSourceOptions(options));
  await dataSource.initialize();
  try {
    await seedStore(dataSource, { scale: 1, password: TEST_PASSWORD });
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Makes sure the run's migrated and seeded template exists. The first test
 * file to get here builds it (an atomic mkdir is the lock); the others wait.
 */
export async function ensureSeededTemplate(run: TestRun): Promise<void> {
  const ready = join(run.directory, 'template.ready');
  const failed = join(run.directory, 'template.failed');
  if (existsSync(ready)) return;
  try {
    mkdirSync(join(run.directory, 'template.lock'));
  } catch {
    const deadline = Date.now() + WAIT_LIMIT_MS;
    while (!existsSync(ready)) {
      if (existsSync(failed))
        throw new Error(`Building the template database failed: ${readFileSync(failed, 'utf8')}`);
      if (Date.now() > deadline)
        throw new Error('Timed out waiting for another test file to build the template database');
      await sleep(100);
    }
    return;
  }
  try {
    await buildTemplate(run);
    writeFileSync(ready, '');
  } catch (error) {
    writeFileSync(failed, String(error));
    throw error;
  }
}
