import { Audited } from '@rail/audit';
import { DecimalColumn, TenantScoped } from '@rail/core';
import { FieldPolicy, maskEmail, maskPhone } from '@rail/field-security';
import { IsEmail, Matches } from 'class-validator';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Company } from './company.entity.js';
import { Exportable } from '@rail/export';
import { EmitsWebhookEvents } from '@rail/webhooks';

/** A buyer of a company. `email` and `phone` are PII; `creditLimit` is financial. */
// Customer records hold personal data: who looked at them is on record too.
@Audited({ reads: true })
@TenantScoped('companyId')
@Exportable({ fields: ['id', 'name', 'email', 'phone', 'country', 'creditLimit', 'createdAt'] })
@EmitsWebhookEvents()
@Entity({ name: 'customer' })
@Index('idx_customer_company_id', ['companyId'])
@Check('chk_customer_country_alpha2', `length("country") = 2`)
@Check('chk_customer_credit_limit_not_negative', `"credit_limit" >= 0`)
export class Customer {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Column({ type: 'integer' })
  companyId!: number;

  @ManyToOne(() => Company, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'company_id' })
  company!: Relation<Company>;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @FieldPolicy({ classification: 'pii', mask: maskEmail })
  @IsEmail({}, { message: 'must be an email address' })
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @FieldPolicy({ classification: 'pii', mask: maskPhone })
  @Column({ type: 'varchar', length: 32, nullable: true })
  phone!: string | null;

  /** ISO-3166 alpha-2. */
  @Matches(/^[A-Z]{2}$/, { message: 'must be an ISO-3166 alpha-2 code such as DE' })
  @Column({ type: 'varchar', length: 2 })
  country!: string;

  @FieldPolicy({ classification: 'financial' })
  @DecimalColumn({ precision: 12, scale: 2, default: '0' })
  creditLimit!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
