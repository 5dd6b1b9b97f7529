import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  AfterQueryEvent,
  BeforeQueryEvent,
  DataSource,
  EntitySubscriberInterface,
  QueryRunner,
} from 'typeorm';
import { RailSignals } from '../signals/rail-signals.service.js';

/**
 * Reports every SQL statement's duration as a `sql.statement` signal.
 * TypeORM 1.x times successful statements itself (`executionTime` of
 * `afterQuery`); a failed one is timed from its `beforeQuery`, per query
 * runner, which runs one statement at a time. While no one listens it only
 * checks that no one does.
 */
@Injectable()
export class SqlStatementTiming implements EntitySubscriberInterface {
  private readonly started = new WeakMap<QueryRunner, number>();

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly signals: RailSignals,
  ) {
    dataSource.subscribers.push(this);
  }

  beforeQuery(event: BeforeQueryEvent): void {
    if (this.signals.listened) this.started.set(event.queryRunner, performance.now());
  }

  afterQuery(event: AfterQueryEvent): void {
    if (!this.signals.listened) return;
    const started = this.started.get(event.queryRunner);
    const durationMs = event.executionTime ?? (started === undefined ? 0 : performance.now() - started);
    this.signals.emit({ kind: 'sql.statement', durationMs, failed: !event.success });
  }
}
