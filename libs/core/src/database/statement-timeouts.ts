import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  AfterQueryEvent,
  BeforeQueryEvent,
  DataSource,
  EntitySubscriberInterface,
  QueryRunner,
} from 'typeorm';
import { RequestContext } from '../context/request-context.service.js';
import { retireBrokenConnection } from './broken-connections.js';
import { RAIL_OPTIONS } from '../options/rail-options.constants.js';
import type { ResolvedRailOptions } from '../options/rail-options.schema.js';

/**
 * What a pooled PostgreSQL connection was last told. Unknown for a new connection and after a failed
 * statement, whose transaction may have rolled back a SET made in it.
 */
const appliedTimeout = new WeakMap<object, number>();

interface PgConnection {
  query(text: string): Promise<unknown>;
}

function connectionOf(runner: QueryRunner | undefined): PgConnection | undefined {
  const connection = (runner as { databaseConnection?: PgConnection } | undefined)?.databaseConnection;
  return connection && typeof connection.query === 'function' ? connection : undefined;
}

/**
 * Every statement a request runs on PostgreSQL runs under `statement_timeout`,
 * so PostgreSQL itself cancels a runaway query (the error formatter turns it
 * into QUERY_TIMEOUT). The timeout is the configured default, or the longest
 * one the request's root fields ask for (`database.statementTimeoutsByField`);
 * work outside requests (migrations, background tasks) runs without one.
 *
 * A pooled connection keeps its setting, so a `SET` is sent only when a
 * connection is about to run a statement under a different timeout than it
 * last had (or its setting is unknown): most requests send none.
 */
@Injectable()
export class StatementTimeouts implements OnApplicationBootstrap, EntitySubscriberInterface {
  constructor(
    @Inject(RAIL_OPTIONS) private readonly options: ResolvedRailOptions,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly context: RequestContext,
  ) {}

  onApplicationBootstrap(): void {
    if (this.dataSource.options.type !== 'postgres') return;
    const { statementTimeoutMs, statementTimeoutsByField } = this.options.database;
    // No timeout configured anywhere: nothing to set on any statement.
    if (statementTimeoutMs === 0 && Object.keys(statementTimeoutsByField).length === 0) return;
    this.dataSource.subscribers.push(this);
  }

  /** The timeout (ms; 0 = none) the current statement should run under. */
  private wanted(): number {
    if (!this.context.active) return 0;
    return this.context.statementTimeoutMs ?? this.options.database.statementTimeoutMs;
  }

  async beforeQuery(event: BeforeQueryEvent): Promise<void> {
    const connection = connectionOf(event.queryRunner);
    if (!connection) return;
    // Inside a transaction the timeout was settled before START TRANSACTION; a SET there could fail
    // (an aborted transaction refuses everything but ROLLBACK) and would be rolled back anyway.
    if (event.queryRunner?.isTransactionActive && !/^\s*START TRANSACTION/i.test(event.query)) return;
    const wanted = this.wanted();
    // Unknown (a new connection, or one whose last statement failed): set it.
    if (appliedTimeout.get(connection) === wanted) return;
    try {
      await connection.query(`SET statement_timeout = ${Math.trunc(wanted)}`);
    } catch (error) {
      // Sent on the pg client directly, so TypeORM reports no failed query for it: retired here.
      retireBrokenConnection(event.queryRunner, error);
      throw error;
    }
    appliedTimeout.set(connection, wanted);
  }

  afterQuery(event: AfterQueryEvent): void {
    const connection = connectionOf(event.queryRunner);
    // A failed statement aborts its transaction; a SET made in it is rolled back with it.
    if (connection && !event.success) appliedTimeout.delete(connection);
  }
}
