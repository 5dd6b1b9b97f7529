import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { RailModuleOptions } from '../options/rail-options.schema.js';
import { resolveRailOptions } from '../options/resolve-rail-options.js';
import { databaseObjectsOf } from './database-objects.decorator.js';
import { createDataSourceOptions } from './typeorm-options.factory.js';

export interface GenerateMigrationOptions {
  /** The app's RailModule options: its entities (libraries' included) and migrations. */
  readonly rail: RailModuleOptions;
  /** PascalCase, e.g. `AddTickets`: the class is `<name><timestamp>`. */
  readonly name: string;
  /** Where the migration file is written. */
  readonly directory: string;
  /**
   * A PostgreSQL server on which a scratch database may be created and dropped
   * (default: the app's database URL or DATABASE_URL): the app's own database
   * is never touched.
   */
  readonly serverUrl?: string;
  /** The file's timestamp (default now). */
  readonly timestamp?: number;
}

/** One statement of a migration, with the parameters TypeORM gave it (rarely any). */
export interface MigrationStatement {
  readonly query: string;
  readonly parameters?: readonly unknown[];
}

export interface GeneratedMigration {
  readonly file: string;
  readonly className: string;
  readonly up: readonly MigrationStatement[];
  readonly down: readonly MigrationStatement[];
}

/**
 * Writes a PostgreSQL migration that brings a database migrated with the
 * app's migrations level with its entities: the migrations run on a scratch
 * database, TypeORM computes the difference, and the tables created get what
 * their entities declare beside their columns (`@DatabaseObjects`: the audit
 * trail's triggers). Returns nothing when the migrations already match.
 */
export async function generateMigration(
  options: GenerateMigrationOptions,
): Promise<GeneratedMigration | undefined> {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(options.name)) {
    throw new Error(`A migration name is PascalCase (AddTickets), received ${JSON.stringify(options.name)}`);
  }
  const resolved = resolveRailOptions(options.rail);
  const serverUrl = options.serverUrl ?? resolved.database.url;
  if (!serverUrl) throw new Error('generateMigration needs PostgreSQL: set serverUrl or DATABASE_URL');
  const scratch = `rail_migration_${randomBytes(6).toString('hex')}`;
  const server = new DataSource({ type: 'postgres', url: serverUrl });
  await server.initialize();
  try {
    await server.query(`CREATE DATABASE ${scratch}`);
    try {
      const scratchUrl = new URL(serverUrl);
      scratchUrl.pathname = `/${scratch}`;
      const database = { ...resolved.database, url: scratchUrl.toString(), migrationsRun: true };
      const dataSource = new DataSource(createDataSourceOptions({ ...resolved, database }));
      await dataSource.initialize();
      try {
        const { upQueries, downQueries } = await dataSource.driver.createSchemaBuilder().log();
        if (upQueries.length === 0) return undefined;
        const statements = (queries: typeof upQueries): MigrationStatement[] =>
          queries.map(({ query, parameters }) => (parameters?.length ? { query, parameters } : { query }));
        const up = statements(upQueries);
        const down = statements(downQueries).reverse();
        const created = dataSource.entityMetadatas.filter((metadata) =>
          up.some(({ query }) => query.startsWith(`CREATE TABLE "${metadata.tableName}"`)),
        );
        for (const metadata of created) {
          const objects = databaseObjectsOf(metadata.target)?.postgres;
          if (!objects) continue;
          up.push(...objects.up.map((query) => ({ query })));
          down.unshift(...objects.down.map((query) => ({ query })));
        }
        return write(options, up, down);
      } finally {
        await dataSource.destroy();
      }
    } finally {
      await server.query(`DROP DATABASE IF EXISTS ${scratch}`);
    }
  } finally {
    await server.destroy();
  }
}

function write(
  options: GenerateMigrationOptions,
  up: MigrationStatement[],
  down: MigrationStatement[],
): GeneratedMigration {
  const timestamp = options.timestamp ?? Date.now();
  const className = `${options.name}${timestamp}`;
  const render = (statements: readonly MigrationStatement[]) =>
    statements
      .map(({ query, parameters }) => {
        const args = parameters
          ? `${JSON.stringify(query)}, ${JSON.stringify(parameters)}`
          : JSON.stringify(query);
        return `    await queryRunner.query(${args});`;
      })
      .join('\n');
  const source = [
    `import type { MigrationInterface, QueryRunner } from 'typeorm';`,
    ``,
    `export class ${className} implements MigrationInterface {`,
    `  name = '${className}';`,
    ``,
    `  async up(queryRunner: QueryRunner): Promise<void> {`,
    render(up),
    `  }`,
    ``,
    `  async down(queryRunner: QueryRunner): Promise<void> {`,
    render(down),
    `  }`,
    `}`,
    ``,
  ].join('\n');
  mkdirSync(options.directory, { recursive: true });
  const file = join(options.directory, `${timestamp}-${options.name}.ts`);
  writeFileSync(file, source);
  return { file, className, up, down };
}
