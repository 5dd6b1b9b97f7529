import { GraphQLModel, PermissionPrefix, TenantScoped } from '@rail/core';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const deliveryStatuses = ['PENDING', 'SUCCEEDED', 'FAILED'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export interface DeliveryLogEntry {
  readonly at: string;
  /** 1 for the first; entries written before attempts were numbered have none. */
  readonly attempt?: number;
  readonly status: number | null;
  readonly latencyMs: number;
  readonly response: string;
  readonly error?: string;
}

/** One event to one endpoint, with its retry state and its attempts' log (readable by admins). */
@GraphQLModel({
  name: 'WebhookDelivery',
  operations: ['list', 'retrieve'],
  defaultOrder: [{ createdAt: 'DESC' }],
})
@TenantScoped('companyId')
@PermissionPrefix('webhook')
@Entity({ name: 'webhook_delivery' })
@Index('idx_webhook_delivery_status_next_attempt_at', ['status', 'nextAttemptAt'])
@Index('idx_webhook_delivery_event_id', ['eventId'])
@Index('idx_webhook_delivery_company_id_created_at', ['companyId', 'createdAt'])
export class WebhookDelivery {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  companyId!: string | null;

  @Column({ type: 'varchar', length: 40 })
  eventId!: string;

  @Column({ type: 'integer' })
  endpointId!: number;

  @Column({ type: 'simple-enum', enum: deliveryStatuses, default: 'PENDING' })
  status!: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ type: 'integer', nullable: true })
  lastStatus!: number | null;

  /**
   * Every attempt: `{ at, attempt, status, latencyMs, response (truncated), error }`.
   * An attempt is written before its request goes out and completed after,
   * so one that a crash cut short stays in the log (`error` says so).
   */
  @Column({ type: 'jsonb' })
  log!: DeliveryLogEntry[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
