import {
  DatabaseObjects,
  GraphQLField,
  GraphQLModel,
  PermissionPrefix,
  TenantScoped,
  type AuditOutcome,
} from '@rail/core';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { POSTGRES_AUDIT_DOWN, POSTGRES_AUDIT_UP } from './audit-triggers.js';

export type { AuditOutcome } from '@rail/core';

/** The outcomes as the column's enum (the core's `AuditOutcome`). */
export const auditOutcomes = ['success', 'failure', 'denied'] as const satisfies readonly AuditOutcome[];

/**
 * One entry of the audit trail. Rows are only ever appended: each belongs to
 * its company's chain (`seq` 1, 2, 3 …) and its `hash` covers its content
 * and the previous row's hash, so an edited or removed row breaks the chain.
 * On PostgreSQL a trigger assigns `seq`, `prev_hash` and `hash` under a
 * per-chain lock and refuses UPDATE and DELETE.
 */
@GraphQLModel({
  name: 'AuditEvent',
  operations: ['list', 'page', 'retrieve'],
  defaultOrder: [{ occurredAt: 'DESC' }],
  quickSearch: ['eventType', 'model', 'entityId'],
})
// `audit.view` reads the own company's chain.
@TenantScoped('companyId')
@PermissionPrefix('audit')
@Entity({ name: 'audit_event' })
// A generated migration that creates the table creates its triggers with it.
@DatabaseObjects({ postgres: { up: POSTGRES_AUDIT_UP, down: POSTGRES_AUDIT_DOWN } })
// One row per position: a forked chain cannot be stored.
@Index('idx_audit_event_company_id_seq', ['companyId', 'seq'], { unique: true })
@Index('idx_audit_event_company_id_occurred_at', ['companyId', 'occurredAt'])
@Index('idx_audit_event_model_entity_id', ['model', 'entityId'])
export class AuditEvent {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Column({ type: 'timestamptz' })
  occurredAt!: Date;

  /** The tenant whose chain holds the event; `null` for events without one (an unknown account's sign-in). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  companyId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  actorId!: string | null;

  /** The actor's roles when the event happened. */
  @Column({ type: 'jsonb', nullable: true })
  actorRoles!: string[] | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  requestId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ type: 'varchar', length: 512, nullable: true })
  userAgent!: string | null;

  /** `entity.updated`, `auth.login.failed`, `tenant.violation`, `export.completed` … */
  @Column({ type: 'varchar', length: 64 })
  eventType!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  model!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  entityId!: string | null;

  /**
   * For entity events, the changed fields only: `{ field: { before, after } }`.
   * Readers see each field as their field policies allow (`{ redacted: true }` otherwise).
   */
  @GraphQLField({ requires: ['model'] })
  @Column({ type: 'jsonb', nullable: true })
  changes!: Record<string, unknown> | null;

  /** What else the event carries: the permission denied, the export's filter and row count … */
  @Column({ type: 'jsonb', nullable: true })
  details!: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 16 })
  outcome!: AuditOutcome;

  @Column({ type: 'varchar', length: 128, nullable: true })
  reason!: string | null;

  /** Position in the company's chain, from 1. */
  @Column({ type: 'bigint' })
  seq!: string;

  /** SHA-256 (hex) of the row's content (every column above but `id`). */
  @GraphQLField({ filterable: false, orderable: false })
  @Column({ type: 'varchar', length: 64 })
  contentHash!: string;

  /** The previous row's `hash` in the chain; 64 zeros for the first row. */
  @GraphQLField({ filterable: false, orderable: false })
  @Column({ type: 'varchar', length: 64 })
  prevHash!: string;

  /** SHA-256 (hex) of `seq:prevHash:contentHash`. */
  @GraphQLField({ filterable: false, orderable: false })
  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
