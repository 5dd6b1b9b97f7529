import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AfterQueryEvent, DataSource, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import { isInfrastructureError } from '../errors/infrastructure-error.js';

interface PgClient {
  end(): Promise<void>;
}

function clientOf(runner: QueryRunner | undefined): PgClient | undefined {
  const client = (runner as { databaseConnection?: PgClient } | undefined)?.databaseConnection;
  return client && typeof client.end === 'function' ? client : undefined;
}

/**
 * Takes a PostgreSQL connection out of the pool once a statement on it failed
 * because the database did not answer (`query_timeout`) or the socket broke.
 *
 * pg hands the timed-out statement's error to the caller but keeps the
 * statement open on the connection, and TypeORM returns the connection to the
 * pool as healthy: every later statement on it would queue behind the one
 * that never answered. Ending the client makes pg-pool drop it when TypeORM
 * releases it, and the next statement gets a fresh connection.
 */
@Injectable()
export class BrokenConnections implements OnApplicationBootstrap, EntitySubscriberInterface {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    if (this.dataSource.options.type === 'postgres') this.dataSource.subscribers.push(this);
  }

  afterQuery(event: AfterQueryEvent): void {
    if (!event.success) retireBrokenConnection(event.queryRunner, event.error);
  }
}

/** Ends the runner's pg client when `error` says the database did not answer on it (see {@link BrokenConnections}). */
export function retireBrokenConnection(runner: QueryRunner | undefined, error: unknown): void {
  if (!isInfrastructureError(error)) return;
  // A stalled socket may never finish closing; nobody waits for it.
  clientOf(runner)
    ?.end()
    .catch(() => undefined);
}
