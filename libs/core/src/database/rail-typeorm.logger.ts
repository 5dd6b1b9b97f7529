import { Logger as NestLogger } from '@nestjs/common';
import type { Logger, QueryRunner } from 'typeorm';

/**
 * TypeORM's logger for Rail: counts every statement (so a request knows how
 * many it cost) and, when `database.logging` is on, logs them through Nest.
 */
export class RailTypeOrmLogger implements Logger {
  private readonly logger = new NestLogger('SQL');

  constructor(
    private readonly logging: boolean,
    private readonly onStatement: () => void,
  ) {}

  logQuery(query: string, parameters?: unknown[]): void {
    this.onStatement();
    if (this.logging)
      this.logger.debug(parameters?.length ? `${query} -- ${JSON.stringify(parameters)}` : query);
  }

  logQueryError(error: string | Error, query: string, _parameters?: unknown[], _runner?: QueryRunner): void {
    if (this.logging) this.logger.warn(`${typeof error === 'string' ? error : error.message} in: ${query}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`Slow statement (${time} ms): ${query}`);
  }

  logSchemaBuild(message: string): void {
    if (this.logging) this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(message);
    else if (this.logging) this.logger.log(message);
  }
}
