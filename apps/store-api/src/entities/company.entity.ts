import { GraphQLModel, TenantScoped } from '@rail/core';
import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The tenant: every other row of the store belongs to one company. */
@GraphQLModel({ operations: ['retrieve', 'list', 'page'] })
// The tenant table itself: a user sees their own company.
@TenantScoped('id')
@Entity({ name: 'company' })
@Check('chk_company_country_alpha2', `length("country") = 2`)
export class Company {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** ISO-3166 alpha-2. */
  @Column({ type: 'varchar', length: 2 })
  country!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
