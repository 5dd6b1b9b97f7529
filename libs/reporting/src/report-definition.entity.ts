import { GraphQLField, GraphQLModel, TenantScoped } from '@rail/core';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/**
 * A dataset an admin made through the API (`createReportDefinition`), for
 * their company only. `definition` holds what a dataset file holds, less the
 * code: model, permission, dimensions, metrics, filter … It is validated on
 * every write; a bad one is refused with the problem named.
 */
@GraphQLModel({ name: 'ReportDefinition', defaultOrder: [{ code: 'ASC' }] })
@TenantScoped('companyId')
@Entity({ name: 'report_dataset' })
@Unique('uq_report_dataset_company_id_code', ['companyId', 'code'])
export class ReportDefinition {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  /** Set from the signed-in admin's company. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  companyId!: string | null;

  @Column({ type: 'varchar', length: 63 })
  code!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  title!: string | null;

  @GraphQLField({
    description: 'model, permission, dimensions, metrics, filter, defaults, orderBy, maxBuckets',
  })
  @Column({ type: 'jsonb' })
  definition!: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
