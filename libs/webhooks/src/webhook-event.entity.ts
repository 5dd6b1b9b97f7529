import { GraphQLModel, PermissionPrefix, TenantScoped } from '@rail/core';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The outbox: one row per event, written in the transaction of the write it
 * describes, so a rolled-back write sends nothing and a committed one is
 * never lost. `id` is the event's stable id (`webhook-id`), for receivers to
 * deduplicate; `after`/`before` are raw and shaped per endpoint when sent.
 */
@GraphQLModel({
  name: 'WebhookEvent',
  operations: ['list', 'retrieve'],
  defaultOrder: [{ createdAt: 'DESC' }],
})
@TenantScoped('companyId')
@PermissionPrefix('webhook')
@Entity({ name: 'webhook_event' })
@Index('idx_webhook_event_company_id_created_at', ['companyId', 'createdAt'])
export class WebhookEvent {
  /** `msg_<uuid>`. */
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  companyId!: string | null;

  /** `order.created`, `customer.updated`, or a custom type. */
  @Column({ type: 'varchar', length: 100 })
  type!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  model!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  entityId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  before!: Record<string, unknown> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
