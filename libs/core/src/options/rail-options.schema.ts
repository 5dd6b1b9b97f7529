import { z } from 'zod';

// TypeORM accepts entity and migration classes; a string glob would need file
// system scanning at start-up and breaks under bundlers, so classes only.
const classReference = z.custom<abstract new (...args: never[]) => unknown>(
  (value) => typeof value === 'function',
  { message: 'expected a class' },
);

export const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\/[^\s]+$/, { message: 'expected a postgres:// or postgresql:// URL' });

/**
 * Bounded waits of the PostgreSQL connection pool (pg): a stalled or
 * unreachable database turns into an error within these limits instead of a
 * request that hangs until the client gives up (docs/database.md).
 */
const poolOptions = z
  .strictObject({
    /** How long a statement waits for a connection: a free one from the pool, or a new one to connect. */
    connectTimeoutMs: z.number().int().min(1).default(5_000),
    /**
     * The client gives up on a statement without an answer after this long, and closes its connection.
     * Default: the longest statement timeout plus 5 s (the server cancels first; this catches a database
     * that does not answer at all); 0 when no statement timeout is set. Applies to every statement,
     * migrations and background work included. 0 turns it off.
     */
    queryTimeoutMs: z.number().int().min(0).optional(),
    /** A connection unused this long is closed. */
    idleTimeoutMs: z.number().int().min(1).default(30_000),
    /** TCP keep-alive on every connection, the first probe after this long idle: a peer that vanished is noticed. */
    keepAliveDelayMs: z.number().int().min(0).default(10_000),
  })
  .prefault({});

const databaseOptions = z
  .strictObject({
    /** PostgreSQL connection URL. Defaults to the `DATABASE_URL` environment variable. */
    url: postgresUrl.optional(),
    /** The embedded SQLite file used when no URL is set. */
    sqlitePath: z.string().min(1).default('./data/rail.sqlite'),
    /** Run pending migrations at start-up (PostgreSQL). */
    migrationsRun: z.boolean().default(true),
    /** Connection attempts after the first one fails, 3 s apart, before start-up gives up. */
    connectRetries: z.number().int().min(0).max(20).default(2),
    /** Log every SQL statement (development only). */
    logging: z.boolean().default(false),
    /** Send each GraphQL response's SQL statement count in an `x-sql-statements` header (for tests and benchmarks). */
    exposeStatementCount: z.boolean().default(false),
    /**
     * PostgreSQL cancels any statement of a request that runs longer than this (`statement_timeout`);
     * the client gets QUERY_TIMEOUT. 0 turns it off. Not enforceable on the embedded database.
     */
    statementTimeoutMs: z.number().int().min(0).default(15_000),
    /** Longer (or shorter) timeouts for named root fields, e.g. `{ report: 60000 }`; the longest of a request's root fields wins. */
    statementTimeoutsByField: z.record(z.string().min(1), z.number().int().min(0)).default({}),
    pool: poolOptions,
  })
  .prefault({});

/** A limit of the GraphQL document: a positive count, or `false` to turn it off. */
const documentLimit = (defaultValue: number) =>
  z.union([z.number().int().positive(), z.literal(false)]).default(defaultValue);

const graphqlLimits = z
  .strictObject({
    /** Deepest field nesting (introspection's own nesting is not counted). */
    depth: documentLimit(10),
    /** Most aliases in one operation, `__typename` aliases included. */
    aliases: documentLimit(30),
    /** Most directives in one operation. */
    directives: documentLimit(20),
    /** Most lexical tokens in one document; the parser stops at the limit. */
    tokens: documentLimit(5_000),
    /**
     * Highest estimated cost: every field costs 1, and a list field multiplies what is under it by its
     * `limit`/`perPage` argument (or that argument's default).
     */
    cost: documentLimit(100_000),
  })
  .prefault({});

const graphqlBatching = z
  .strictObject({
    /** Accept a JSON array of operations in one POST. Off: such a request gets BATCHING_NOT_ALLOWED. */
    enabled: z.boolean().default(false),
    /** Most operations in one batch. */
    maxSize: z.number().int().min(1).max(100).default(10),
  })
  .prefault({});

const persistedQueries = z
  .strictObject({
    /** Automatic persisted queries (hash first, document on a miss). Defaults to on outside production. */
    automatic: z.boolean().optional(),
    /**
     * A trusted-documents manifest (a JSON file: `{ "<sha256>": "<document>" }` or Apollo's persisted query
     * manifest). When set, only its documents run: by hash or by their exact text; anything else gets
     * PERSISTED_QUERY_NOT_ALLOWED.
     */
    trustedDocumentsFile: z.string().min(1).optional(),
  })
  .prefault({});

const graphqlOptions = z
  .strictObject({
    path: z
      .string()
      .regex(/^\/[\w\-/]*$/, { message: 'expected a path starting with "/"' })
      .default('/graphql'),
    /** Defaults to on outside production and off in production. */
    introspection: z.boolean().optional(),
    /** The GraphiQL IDE at the GraphQL path; defaults like `introspection`. */
    graphiql: z.boolean().optional(),
    /** With introspection off, principals with one of these roles may still introspect. */
    introspectionRoles: z.array(z.string().min(1)).default([]),
    limits: graphqlLimits,
    batching: graphqlBatching,
    persistedQueries,
  })
  .prefault({});

const httpOptions = z
  .strictObject({
    /**
     * Express's `trust proxy`: which proxies' `X-Forwarded-For` to believe for the client address
     * (rate limits, audit). `false` (default) uses the socket's address; a hop count or a list of
     * addresses/subnets names the proxies.
     */
    trustProxy: z.union([z.boolean(), z.number().int().min(0), z.array(z.string().min(1))]).default(false),
    /** Origins that browsers may call from (CORS). Empty: no cross-origin access. */
    corsOrigins: z
      .array(
        z
          .string()
          .regex(/^https?:\/\/[^\s/]+$/, { message: 'expected an origin such as https://app.example.com' }),
      )
      .default([]),
    /** Largest request body accepted (bytes); bigger requests get 413 PAYLOAD_TOO_LARGE. */
    bodyLimitBytes: z.number().int().min(1024).default(1_048_576),
    /** Responses larger than this are compressed (gzip/deflate/br) when the client accepts it; `false` turns it off. */
    compressionThresholdBytes: z.union([z.number().int().min(0), z.literal(false)]).default(1024),
    /** Security headers (helmet). */
    securityHeaders: z.boolean().default(true),
  })
  .prefault({});

const limitsOptions = z
  .strictObject({
    /** Expensive operations (exports, reports) one user may run at the same time on one instance. */
    concurrentExpensiveOperationsPerUser: z.number().int().min(1).default(2),
  })
  .prefault({});

export const railOptionsSchema = z.strictObject({
  /** TypeORM entities of the app. Libraries add their own through `TypeOrmModule.forFeature`. */
  entities: z.array(classReference).default([]),
  /** Migration classes, run in order on PostgreSQL. */
  migrations: z.array(classReference).default([]),
  /** Production mode: errors masked, IDE and introspection off. Defaults to `NODE_ENV === 'production'`. */
  production: z.boolean().optional(),
  database: databaseOptions,
  graphql: graphqlOptions,
  http: httpOptions,
  limits: limitsOptions,
});

/** What an app passes to `RailModule.forRoot()`. */
export type RailModuleOptions = z.input<typeof railOptionsSchema>;

/** The options after validation, defaults and environment applied. */
export type ResolvedRailOptions = z.output<typeof railOptionsSchema> & {
  production: boolean;
  database: { url: string | undefined; pool: { queryTimeoutMs: number } };
  graphql: { introspection: boolean; graphiql: boolean; persistedQueries: { automatic: boolean } };
};
