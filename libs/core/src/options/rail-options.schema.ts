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
});

/** What an app passes to `RailModule.forRoot()`. */
export type RailModuleOptions = z.input<typeof railOptionsSchema>;

/** The options after validation, defaults and environment applied. */
export type ResolvedRailOptions = z.output<typeof railOptionsSchema> & {
  production: boolean;
  database: { url: string | undefined };
  graphql: { introspection: boolean; graphiql: boolean };
};
