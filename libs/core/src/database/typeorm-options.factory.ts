import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import type { ResolvedRailOptions } from '../options/rail-options.schema.js';
import { RailTypeOrmLogger } from './rail-typeorm.logger.js';
import { adaptColumnTypesForSqlite } from './embedded-column-types.js';
import { prepareEmbeddedDatabase } from './embedded-database.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/**
 * PostgreSQL when a URL is configured (migrations, no synchronize); otherwise
 * the embedded SQLite file through better-sqlite3, whose schema is
 * synchronized from the entities because it is a development database. Usable
 * outside Nest, by scripts such as a seed command.
 */
export function createDataSourceOptions(
  options: ResolvedRailOptions,
  onStatement: () => void = () => undefined,
): DataSourceOptions {
  const { database } = options;
  const common = {
    entities: options.entities,
    namingStrategy: new SnakeNamingStrategy(),
    logger: new RailTypeOrmLogger(database.logging, onStatement),
  };
  if (database.url) {
    return {
      ...common,
      type: 'postgres',
      url: database.url,
      applicationName: 'rail',
      // pg-pool's own options: every wait on the database has an end (docs/database.md).
      connectTimeoutMS: database.pool.connectTimeoutMs,
      extra: {
        idleTimeoutMillis: database.pool.idleTimeoutMs,
        keepAlive: true,
        keepAliveInitialDelayMillis: database.pool.keepAliveDelayMs,
        ...(database.pool.queryTimeoutMs > 0 ? { query_timeout: database.pool.queryTimeoutMs } : {}),
      },
      migrations: options.migrations,
      migrationsRun: database.migrationsRun,
      synchronize: false,
    };
  }
  adaptColumnTypesForSqlite();
  // The driver creates the file's directory and turns foreign keys on. The
  // file is used in place: SQLite reads pages on demand into a small cache
  // instead of holding the database in the process.
  return {
    ...common,
    type: 'better-sqlite3',
    database: database.sqlitePath,
    enableWAL: true,
    prepareDatabase: prepareEmbeddedDatabase,
    synchronize: true,
  };
}

/** {@link createDataSourceOptions} plus what `TypeOrmModule` adds: libraries' entities and connection retries. */
export function createTypeOrmOptions(
  options: ResolvedRailOptions,
  onStatement?: () => void,
): TypeOrmModuleOptions {
  return {
    ...createDataSourceOptions(options, onStatement),
    autoLoadEntities: true,
    retryAttempts: options.database.connectRetries,
    retryDelay: 3000,
  };
}
