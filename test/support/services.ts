/**
 * The one place the tests read where PostgreSQL and Redis are. global-setup.mjs
 * moves DATABASE_URL and REDIS_URL of the shell running Jest here
 * (`RAIL_TEST_POSTGRES_URL`, `RAIL_TEST_REDIS_URL`) and removes them from the
 * environment, so that no test or app under test picks them up by accident:
 * an app gets Redis only when its test asks for it (`startStoreApp({ redis: true })`).
 */
export interface TestServices {
  /** The PostgreSQL server of a PostgreSQL run (DATABASE_URL was set); undefined on the embedded database. */
  readonly postgresUrl: string | undefined;
  /** The Redis of a run with REDIS_URL set; undefined otherwise. */
  readonly redisUrl: string | undefined;
}

export function testServices(): TestServices {
  return {
    postgresUrl: process.env.RAIL_TEST_POSTGRES_URL || undefined,
    redisUrl: process.env.RAIL_TEST_REDIS_URL || undefined,
  };
}
