import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import type { ResolvedRailOptions } from '../options/rail-options.schema.js';
import { RailTypeOrmLogger } from './rail-typeorm.logger.js';
import { adaptColumnTypesForSqlite } from './embedded-column-types.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/**
 * PostgreSQL when a URL is configured (migrations, no synchronize); otherwise
 * the embedded SQLite file through sql.js, whose schema is synchronized from
 * the entities because it is a development database. Usable outside Nest, by
 * scripts such as a seed command.
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
      migrations: options.migrations,
      migrationsRun: database.migrationsRun,
      synchronize: false,
    };
  }
  adaptColumnTypesForSqlite();
  mkdirSync(dirname(database.sqlitePath), { recursive: true });
  return { ...common, type: 'sqljs', location: database.sqlitePath, autoSave: true, synchronize: true };
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
