import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testServices } from './services.js';

/** The run's names and places, set up by global-setup.mjs. */
export interface TestRun {
  readonly id: string;
  /** PostgreSQL server URL when the run uses PostgreSQL (DATABASE_URL was set). */
  readonly postgresUrl: string | undefined;
  readonly templateDatabase: string;
  readonly directory: string;
  readonly templateSqlitePath: string;
}

export function currentTestRun(): TestRun {
  const id = process.env.RAIL_TEST_RUN_ID;
  if (!id) throw new Error('RAIL_TEST_RUN_ID is not set: run the tests with npm test, which prepares them.');
  const directory = join(tmpdir(), `rail-test-${id}`);
  return {
    id,
    postgresUrl: testServices().postgresUrl,
    templateDatabase: `rail_test_${id}_template`,
    directory,
    templateSqlitePath: join(directory, 'template.sqlite'),
  };
}

/** The URL of another database on the run's PostgreSQL server. */
export function postgresDatabaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
