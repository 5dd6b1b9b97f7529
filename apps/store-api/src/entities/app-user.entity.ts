import { Audited } from '@rail/audit';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
} from 'typeorm';
import { GraphQLField, GraphQLModel, TenantScoped } from '@rail/core';
import { Company } from './company.entity.js';

/** A person who signs in to the back office. Managed by the auth library, so read-only here. */
@GraphQLModel({
  name: 'User',
  operations: ['retrieve', 'list', 'page'],
  quickSearch: ['email', 'displayName'],
})
@Audited()
@TenantScoped('companyId')
@Entity({ name: 'app_user' })
@Unique('uq_app_user_email', ['email'])
@Index('idx_app_user_company_id', ['companyId'])
export class AppUser {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Column({ type: 'integer' })
  companyId!: number;

  @ManyToOne(() => Company, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'company_id' })
  company!: Relation<Company>;

  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @GraphQLField({ exclude: true })
  @Column({ type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 200 })
  displayName!: string;

  /** Role names, e.g. `["sales"]`. */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  roles!: string[];

  @Column({ type: 'boolean', default: true })
  isActive!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
