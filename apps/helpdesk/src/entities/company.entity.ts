import { GraphQLModel, TenantScoped } from '@rail/core';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The tenant: a customer company of the helpdesk; every other row belongs to one. */
@GraphQLModel({ operations: ['retrieve', 'list'] })
@TenantScoped('id') // the tenant table itself: a user sees their own company
@Entity({ name: 'company' })
export class Company {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
