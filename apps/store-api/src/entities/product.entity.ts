import { Audited } from '@rail/audit';
import { DecimalColumn, TenantScoped } from '@rail/core';
import { FieldPolicy } from '@rail/field-security';
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
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { Category } from './category.entity.js';
import { Company } from './company.entity.js';
import { Exportable } from '@rail/export';
import { EmitsWebhookEvents } from '@rail/webhooks';

export const productStatuses = ['draft', 'active', 'archived'] as const;
export type ProductStatus = (typeof productStatuses)[number];

/** Something a company sells. */
@Audited()
@TenantScoped('companyId')
@Exportable({
  fields: [
    'id',
    'name',
    'sku',
    'price',
    'costPrice',
    'status',
    'stock',
    'isActive',
    'category.name',
    'createdAt',
  ],
})
@EmitsWebhookEvents()
@Entity({ name: 'product' })
@Unique('uq_product_sku', ['sku'])
@Index('idx_product_company_id_status', ['companyId', 'status'])
@Index('idx_product_category_id', ['categoryId'])
@Index('idx_product_name', ['name'])
@Check('chk_product_price_not_negative', `"price" >= 0`)
@Check('chk_product_cost_price_not_negative', `"cost_price" >= 0`)
@Check('chk_product_stock_not_negative', `"stock" >= 0`)
export class Product {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Column({ type: 'integer' })
  companyId!: number;

  @ManyToOne(() => Company, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'company_id' })
  company!: Relation<Company>;

  @Column({ type: 'integer' })
  categoryId!: number;

  @ManyToOne(() => Category, (category) => category.products, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_id' })
  category!: Relation<Category>;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 64 })
  sku!: string;

  @DecimalColumn({ precision: 12, scale: 2 })
  price!: string;

  /** Classified `financial`: visible to `catalog_admin` only; 0 until someone who may see it sets it. */
  @FieldPolicy({ classification: 'financial' })
  @DecimalColumn({ precision: 12, scale: 2, default: '0' })
  costPrice!: string;

  @Column({ type: 'simple-enum', enum: productStatuses, default: 'draft' })
  status!: ProductStatus;

  @Column({ type: 'boolean', default: true })
  isActive!: boolean;

  @Column({ type: 'integer', default: 0 })
  stock!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
