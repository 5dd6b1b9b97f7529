import { TenantScoped } from '@rail/core';
import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Company } from './company.entity.js';
import { Product } from './product.entity.js';

/** A node of a company's product category tree. */
@TenantScoped('companyId')
@Entity({ name: 'category' })
@Index('idx_category_company_id', ['companyId'])
@Index('idx_category_parent_id', ['parentId'])
export class Category {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Column({ type: 'integer' })
  companyId!: number;

  @ManyToOne(() => Company, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'company_id' })
  company!: Relation<Company>;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'integer', nullable: true })
  parentId!: number | null;

  @ManyToOne(() => Category, (category) => category.children, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent!: Relation<Category> | null;

  @OneToMany(() => Category, (category) => category.parent)
  children!: Relation<Category>[];

  @OneToMany(() => Product, (product) => product.category)
  products!: Relation<Product>[];
}
