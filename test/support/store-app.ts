import type { DynamicModule, INestApplication, LoggerService, Type } from '@nestjs/common';
import { ConsoleLogger, Module } from '@nestjs/common';
import type { NestContainer } from '@nestjs/core';
import { STATIC_CONTEXT } from '@nestjs/core/injector/constants.js';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { TotpService } from '@rail/auth';
import { TEST_PASSWORD } from './seeded-template.js';
import { testServices } from './services.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import '../rate-limit.cjs-interop.js';

// Loaded after the interop above (see there): the app's rate limit builds on the CommonJS @nestjs/throttler.
const { AppModule } = await import('../../apps/store-api/src/app.module.js');

export interface StoreAppOptions {
  /**
   * Start on an empty database instead of a copy of the seeded template, or on
   * the database of an app closed with `close({ keepDatabase: true })` (a restart).
   */
  readonly database?: 'seeded' | 'empty' | TestDatabase;
  /** Extra environment for the app (restored on close), e.g. `NODE_ENV`. */
  readonly env?: Readonly<Record<string, string>>;
  /** Extra modules, e.g. a resolver that only a test needs. */
  readonly imports?: Array<Type | DynamicModule>;
  /** Who `graphql()` is signed in as (default `catalog_admin@acme.example`); `null` for nobody. */
  readonly user?: string | null;
  /** Receives the app's logs; silent unless RAIL_TEST_LOGS is set. */
  readonly logger?: LoggerService;
  /**
   * Give the app the run's Redis (REDIS_URL) when there is one: for tests of
   * Redis-backed features (rate limits, sign-in throttle, tasks, webhooks, the
   * export limiter, health). Without it the app has no REDIS_URL and runs on its
   * in-process fallbacks, and leaves no Redis client open.
   */
  readonly redis?: boolean;
}

export interface StoreApp {
  readonly app: INestApplication;
  readonly database: TestDatabase;
  /**
   * POSTs a GraphQL request as the app's signed-in user and returns the
   * supertest response; an `authorization` header replaces the user's token.
   */
  graphql(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): request.Test;
  /** Signs in through the API and returns the `login` payload. */
  signIn(email: string, password?: string): Promise<SignInPayload>;
  /**
   * Signs in and, where policy requires MFA and none is enrolled yet (the admins),
   * enrols an authenticator; returns the headers of the resulting full session.
   */
  fullSession(email: string): Promise<Record<string, string>>;
  /** Stops the app and drops its database, unless it is kept for a restart. */
  close(options?: { keepDatabase?: boolean }): Promise<void>;
}

export interface SignInPayload {
  accessToken: string | null;
  refreshToken: string | null;
  mfaRequired: boolean;
  mfaToken: string | null;
  mfaEnrolmentRequired: boolean;
}

export const DEFAULT_TEST_USER = 'catalog_admin@acme.example';

const LOGIN = `mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken refreshToken mfaRequired mfaToken mfaEnrolmentRequired }
}`;

/** The env keys the store reads; cleared first so the caller's shell cannot leak in. */
const STORE_ENV_KEYS = [
  'JWT_SECRET',
  'JWT_PRIVATE_KEY',
  'JWT_PUBLIC_KEY',
  'JWT_KEY_ID',
  'MFA_ENCRYPTION_KEY',
  'DATABASE_URL',
  'REDIS_URL',
  'SQLITE_PATH',
  'NODE_ENV',
  'SEED_WHEN_EMPTY',
  'RAIL_EXPOSE_SQL_STATEMENT_COUNT',
  'RAIL_STATEMENT_TIMEOUT_MS',
  'RAIL_STATEMENT_TIMEOUTS',
  'RAIL_DATABASE_CONNECT_TIMEOUT_MS',
  'RAIL_DATABASE_QUERY_TIMEOUT_MS',
  'RAIL_DATABASE_IDLE_TIMEOUT_MS',
  'RAIL_INTROSPECTION_ROLES',
  'RAIL_GRAPHQL_MAX_DEPTH',
  'RAIL_GRAPHQL_MAX_ALIASES',
  'RAIL_GRAPHQL_MAX_DIRECTIVES',
  'RAIL_GRAPHQL_MAX_TOKENS',
  'RAIL_GRAPHQL_MAX_COST',
  'RAIL_GRAPHQL_BATCH_MAX',
  'RAIL_TRUSTED_DOCUMENTS',
  'RAIL_TRUST_PROXY',
  'RAIL_CORS_ORIGINS',
  'RAIL_BODY_LIMIT_BYTES',
  'RAIL_MAX_CONCURRENT_EXPENSIVE_OPERATIONS',
  'REDIS_KEY_PREFIX',
  'RAIL_FIELD_WRITE_MODE',
  'RAIL_TASK_BACKEND',
  'RAIL_TASK_WORKER',
  'RAIL_EXPORT_DIRECTORY',
  'RAIL_EXPORT_LINK_TTL_SECONDS',
  'EXPORT_SIGNING_SECRET',
  'RAIL_REPORTS_FILE',
  'RAIL_ROLES_FILE',
  'RAIL_REPORT_CACHE_SECONDS',
  'RAIL_WEBHOOK_ALLOW',
  'RAIL_WEBHOOK_RETRY_SCHEDULE',
  'WEBHOOK_ENCRYPTION_KEY',
  'RAIL_TASK_SWEEP_MS',
  'RAIL_TASK_CONCURRENCY',
  'RAIL_TASK_QUEUES',
  'RAIL_TASK_LEASE_MS',
  'RAIL_TASK_HEARTBEAT_MS',
  'RAIL_TASK_LOCK_MS',
  'RAIL_TASK_STALLED_INTERVAL_MS',
  'RAIL_TASK_DRAIN_TIMEOUT_MS',
  'RAIL_WEBHOOK_ENDPOINTS',
  'RAIL_RATE_LIMIT',
  'RAIL_RATE_LIMIT_QUERY',
  'RAIL_RATE_LIMIT_MUTATION',
  'RAIL_RATE_LIMIT_AUTH',
  'RAIL_RATE_LIMIT_REDIS_TIMEOUT_MS',
  'LOG_LEVEL',
  'METRICS_TOKEN',
  'RAIL_METRICS_ENABLED',
];

/** Boots the sample app in-process on a database of its own, ready for HTTP. */
export async function startStoreApp(options: StoreAppOptions = {}): Promise<StoreApp> {
  const database =
    typeof options.database === 'object'
      ? options.database
      : await createTestDatabase(options.database ?? 'seeded');
  const saved = new Map(STORE_ENV_KEYS.map((key) => [key, process.env[key]]));
  for (const key of STORE_ENV_KEYS) delete process.env[key];
  process.env.NODE_ENV = 'test';
  process.env.RAIL_EXPOSE_SQL_STATEMENT_COUNT = 'true';
  // Each app's Redis keys apart from every other's, like its database.
  process.env.REDIS_KEY_PREFIX = `${database.name}:`;
  // Background exports in a directory of the app's own.
  process.env.RAIL_EXPORT_DIRECTORY = join(tmpdir(), `rail-exports-${database.name}`);
  // pino's JSON lines (docs/observability.md) stay quiet like the Nest logger; a test that reads them sets LOG_LEVEL.
  process.env.LOG_LEVEL = process.env.RAIL_TEST_LOGS ? 'debug' : 'silent';
  // Suites send hundreds of requests and sign-ins per app, all from one address: far from the limits.
  // test/rate-limit.e2e-spec.ts sets low ones.
  for (const bucket of ['QUERY', 'MUTATION', 'AUTH']) process.env[`RAIL_RATE_LIMIT_${bucket}`] = '1000000/1m';
  const { redisUrl } = testServices();
  if (options.redis && redisUrl) process.env.REDIS_URL = redisUrl;
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
  let app: INestApplication | undefined;
  const builder = Test.createTestingModule({ imports: [StoreTestModule] }).setLogger(logger);
  try {
    const moduleRef = await builder.compile();
    // As main.ts: Rail parses bodies itself, under its size cap.
    app = moduleRef.createNestApplication({ logger, bodyParser: false });
    await app.init();
  } catch (error) {
    // What was built before the failure holds connections (Redis clients, queues,
    // the database): closed here, or they keep the test worker from exiting.
    if (app) await app.close().catch(() => undefined);
    else await closeHalfBuilt(builder);
    restoreEnv();
    await database.drop();
    throw error;
  }
  const started = app;
  const post = (
    query: string,
    variables: Record<string, unknown> | undefined,
    headers: Record<string, string>,
  ) =>
    request(started.getHttpServer())
      .post('/graphql')
      .set({ 'content-type': 'application/json', ...headers })
      .send({ query, variables });
  const signIn = async (email: string, password = TEST_PASSWORD): Promise<SignInPayload> => {
    const response = await post(LOGIN, { email, password }, {});
    const payload = (response.body as { data?: { login?: SignInPayload } }).data?.login;
    if (!payload) throw new Error(`Signing in as ${email} failed: ${JSON.stringify(response.body)}`);
    return payload;
  };
  const fullSession = async (email: string): Promise<Record<string, string>> => {
    const login = await signIn(email);
    const headers = { authorization: `Bearer ${login.accessToken}` };
    if (login.mfaEnrolmentRequired) {
      const setup = await post('mutation { setupTotp(deviceName: "test") { secret } }', undefined, headers);
      const { secret } = (setup.body as { data: { setupTotp: { secret: string } } }).data.setupTotp;
      const code = new TotpService().codeAt(secret, Date.now());
      await post(
        'mutation($code: String!) { confirmTotp(code: $code) { recoveryCodes } }',
        { code },
        headers,
      );
    }
    return headers;
  };
  const user = options.user === undefined ? DEFAULT_TEST_USER : options.user;
  const token = user ? (await signIn(user)).accessToken : null;
  return {
    app: started,
    database,
    signIn,
    fullSession,
    graphql: (query, variables, headers = {}) =>
      post(query, variables, token ? { authorization: `Bearer ${token}`, ...headers } : headers),
    close: async ({ keepDatabase = false } = {}) => {
      await started.close();
      restoreEnv();
      if (!keepDatabase) await database.drop();
    },
  };
}

/**
 * Runs the shutdown hooks of the providers a failed `compile()` had already
 * made: there is no module to close then, but the instances are in the
 * builder's container.
 */
async function closeHalfBuilt(builder: TestingModuleBuilder): Promise<void> {
  const container = (builder as unknown as { container: NestContainer }).container;
  const instances = [...container.getModules().values()].flatMap((module) =>
    [...module.providers.values()]
      .map((wrapper) => wrapper.getInstanceByContextId(STATIC_CONTEXT))
      .filter((made) => made.isResolved)
      .map((made) => made.instance as Record<string, unknown> | undefined),
  );
  for (const hook of ['onModuleDestroy', 'beforeApplicationShutdown', 'onApplicationShutdown']) {
    for (const instance of instances) {
      const method = instance?.[hook];
      if (typeof method === 'function') await Promise.resolve(method.call(instance)).catch(() => undefined);
    }
  }
}
