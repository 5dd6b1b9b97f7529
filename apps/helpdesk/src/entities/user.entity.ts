import { GraphQLField, GraphQLModel, TenantScoped } from '@rail/core';
import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
} from 'typeorm';
import { Company } from './company.entity.js';

/**
 * Who signs in. The auth library reads id, email, passwordHash, displayName,
 * roles, isActive and companyId, with these column types on both databases;
 * users are created with UserAccounts (src/accounts.ts), so the API only reads them.
 */
@GraphQLModel({ name: 'User', operations: ['retrieve', 'list'] })
@TenantScoped('companyId')
@Entity({ name: 'helpdesk_user' })
@Unique('uq_helpdesk_user_email', ['email'])
export class User {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Column({ type: 'integer' })
  companyId!: number;

  @ManyToOne(() => Company, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'company_id' })
  company!: Relation<Company>;

  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @GraphQLField({ exclude: true }) // never in the API
  @Column({ type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 200 })
  displayName!: string;

  /** Role names from roles.yml, e.g. `["agent"]`. */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  roles!: string[];

  @Column({ type: 'boolean', default: true })
  isActive!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
