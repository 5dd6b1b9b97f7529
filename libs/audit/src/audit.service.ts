import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditSink, RequestContext, type AuditEntry } from '@rail/core';
import type { DataSource, EntityManager, EntitySubscriberInterface } from 'typeorm';
import { AuditChainVerifier, type AuditVerification } from './audit-chain.verifier.js';
import { AuditChainWriter } from './audit-chain.writer.js';
import type { AuditRecord } from './audit-record.js';
import { AuditRetention, type PruneResult } from './audit-retention.js';

/** A record without the request's own details, which the service fills in (the core's `AuditEntry`). */
export type AuditRecordInput = AuditEntry;

/**
 * The trail's one entry point for every library: `recordIn` writes inside the
 * caller's transaction (it commits or rolls back with the write it
 * describes); `record` writes in its own, so that a refused request still
 * leaves its trace. It is the suite's `AuditSink`, through which the other
 * libraries write without importing this one.
 */
@Injectable()
export class AuditService implements AuditSink, OnModuleInit {
  private readonly logger = new Logger('AuditService');
  readonly writer: AuditChainWriter;
  private readonly verifier: AuditChainVerifier;
  private readonly retention: AuditRetention;
  /** Embedded database only: own-transaction records waiting for the open transaction to end. */
  private pending: AuditRecord[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly context: RequestContext,
  ) {
    this.writer = new AuditChainWriter(dataSource);
    this.verifier = new AuditChainVerifier(dataSource);
    this.retention = new AuditRetention(dataSource, this.writer);
  }

  onModuleInit(): void {
    if (this.writer.linksInDatabase) return;
    // The embedded database has one connection: a record made while a
    // transaction is open would share its fate, so it waits for the end.
    const flush = () => this.flushPending();
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: flush,
      afterTransactionRollback: flush,
    };
    this.dataSource.subscribers.push(subscriber);
  }

  /** Writes inside the caller's transaction. */
  async recordIn(manager: EntityManager, records: readonly AuditRecordInput[]): Promise<void> {
    await this.writer.append(
      manager,
      records.map((record) => this.withRequest(record)),
    );
  }

  /** Writes in a transaction of its own. */
  async record(record: AuditRecordInput): Promise<void> {
    const complete = this.withRequest(record);
    if (!this.writer.linksInDatabase && this.embeddedTransactionOpen()) {
      this.pending.push(complete);
      return;
    }
    await this.dataSource.transaction((manager) => this.writer.append(manager, [complete]));
  }

  verify(companyId?: string | null): Promise<AuditVerification> {
    return this.verifier.verify(companyId);
  }

  pruneOlderThan(cutoff: Date): Promise<PruneResult[]> {
    return this.retention.pruneOlderThan(cutoff);
  }

  private withRequest(record: AuditRecordInput): AuditRecord {
    const principal = this.context.principal;
    return {
      ...record,
      companyId: record.companyId !== undefined ? record.companyId : (principal?.companyId ?? null),
      actorId: record.actorId !== undefined ? record.actorId : (principal?.userId ?? null),
      actorRoles: record.actorRoles !== undefined ? record.actorRoles : (principal?.roles ?? null),
      requestId: record.requestId ?? this.context.requestId ?? null,
      ip: record.ip ?? this.context.ip ?? null,
      userAgent: record.userAgent ?? this.context.userAgent ?? null,
      occurredAt: record.occurredAt ?? new Date(),
    };
  }

  private embeddedTransactionOpen(): boolean {
    const runner = (this.dataSource.driver as { queryRunner?: { isTransactionActive: boolean } }).queryRunner;
    return runner?.isTransactionActive ?? false;
  }

  private async flushPending(): Promise<void> {
    if (this.pending.length === 0 || this.embeddedTransactionOpen()) return;
    const records = this.pending;
    this.pending = [];
    try {
      await this.dataSource.transaction((manager) => this.writer.append(manager, records));
    } catch (error) {
      this.logger.error(
        'Audit records could not be written',
        error instanceof Error ? error.stack : String(error),
      );
    }
  }
}
