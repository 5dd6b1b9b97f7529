import { GraphQLField, GraphQLModel, PermissionPrefix, TenantScoped } from '@rail/core';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * Where a company's events go. Managed by admins through `createWebhookEndpoint`
 * and friends (the URL is checked against the SSRF guard); read through the
 * generated `webhookEndpoints` query. The secret is stored encrypted and shown
 * once, when created or rotated.
 */
@GraphQLModel({ name: 'WebhookEndpoint', operations: ['list', 'retrieve'], defaultOrder: [{ id: 'ASC' }] })
@TenantScoped('companyId')
@PermissionPrefix('webhook')
@Entity({ name: 'webhook_endpoint' })
@Index('idx_webhook_endpoint_company_id', ['companyId'])
export class WebhookEndpoint {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  companyId!: string | null;

  @Column({ type: 'varchar', length: 2000 })
  url!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  description!: string | null;

  /** `order.created`, `product.*`, `*`, or custom event names. */
  @Column({ type: 'jsonb' })
  events!: string[];

  /** Model names (GraphQL types) to send, or all when empty; `modelsExclude` wins. */
  @Column({ type: 'jsonb' })
  modelsInclude!: string[];

  @Column({ type: 'jsonb' })
  modelsExclude!: string[];

  /** Fields to send (all readable ones when empty); `fieldsExclude` wins. */
  @Column({ type: 'jsonb' })
  fieldsInclude!: string[];

  @Column({ type: 'jsonb' })
  fieldsExclude!: string[];

  /** The role whose field policies shape `data`: masked fields stay masked, hidden ones are left out. */
  @Column({ type: 'varchar', length: 64 })
  role!: string;

  @GraphQLField({ exclude: true })
  @Column({ type: 'varchar', length: 500 })
  secretSealed!: string;

  /** The secret before the last rotation: it signs too until `previousSecretExpiresAt`. */
  @GraphQLField({ exclude: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  previousSecretSealed!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  previousSecretExpiresAt!: Date | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** Since when deliveries keep failing; cleared by a success. */
  @Column({ type: 'timestamptz', nullable: true })
  failingSince!: Date | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  disabledReason!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
