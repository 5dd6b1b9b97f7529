import type { INestApplication, LoggerService, Type } from '@nestjs/common';
import { ConsoleLogger, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../../apps/store-api/src/app.module.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface StoreAppOptions {
  /** Start on an empty database instead of a copy of the seeded template. */
  readonly database?: 'seeded' | 'empty';
  /** Extra environment for the app (restored on close), e.g. `NODE_ENV`. */
  readonly env?: Readonly<Record<string, string>>;
  /** Extra modules, e.g. a resolver that only a test needs. */
  readonly imports?: Type[];
  /** Receives the app's logs; silent unless RAIL_TEST_LOGS is set. */
  readonly logger?: LoggerService;
}

export interface StoreApp {
  readonly app: INestApplication;
  readonly database: TestDatabase;
  /** POSTs a GraphQL request and returns the supertest response. */
  graphql(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): request.Test;
  close(): Promise<void>;
}

/** The env keys the store reads; cleared first so the caller's shell cannot leak in. */
const STORE_ENV_KEYS = [
  'DATABASE_URL',
  'SQLITE_PATH',
  'NODE_ENV',
  'SEED_WHEN_EMPTY',
  'RAIL_EXPOSE_SQL_STATEMENT_COUNT',
];

/** Boots the sample app in-process on a database of its own, ready for HTTP. */
export async function startStoreApp(options: StoreAppOptions = {}): Promise<StoreApp> {
  const database = await createTestDatabase(options.database ?? 'seeded');
  const saved = new Map(STORE_ENV_KEYS.map((key) => [key, process.env[key]]));
  for (const key of STORE_ENV_KEYS) delete process.env[key];
  process.env.NODE_ENV = 'test';
  process.env.RAIL_EXPOSE_SQL_STATEMENT_COUNT = 'true';
  Object.assign(process.env, database.env, options.env);
  const restoreEnv = (): void => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };

  @Module({ imports: [AppModule, ...(options.imports ?? [])] })
  class StoreTestModule {}

  const logger =
    options.logger ??
    (process.env.RAIL_TEST_LOGS ? new ConsoleLogger() : new ConsoleLogger({ logLevels: [] }));
  let app: INestApplication;
  try {
    const moduleRef = await Test.createTestingModule({ imports: [StoreTestModule] })
      .setLogger(logger)
      .compile();
    app = moduleRef.createNestApplication({ logger });
    await app.init();
  } catch (error) {
    restoreEnv();
    await database.drop();
    throw error;
  }
  return {
    app,
    database,
    graphql: (query, variables, headers = {}) =>
      request(app.getHttpServer())
        .post('/graphql')
        .set({ 'content-type': 'application/json', ...headers })
        .send({ query, variables }),
    close: async () => {
      await app.close();
      restoreEnv();
      await database.drop();
    },
  };
}
