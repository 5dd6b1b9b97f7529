import { Audited } from '@rail/audit';
import {
  DecimalColumn,
  RailError,
  RailErrorCode,
  GraphQLField,
  GraphQLModel,
  ModelAction,
  OwnedBy,
  TenantScoped,
} from '@rail/core';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { AppUser } from './app-user.entity.js';
import { Company } from './company.entity.js';
import { Customer } from './customer.entity.js';
import { OrderItem } from './order-item.entity.js';
import { Exportable } from '@rail/export';
import { EmitsWebhookEvents } from '@rail/webhooks';

export const orderStatuses = ['pending', 'confirmed', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** The status machine of docs/sample-store.md. */
const nextStatuses: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['confirmed', 'cancelled'],
  confirmed: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

/** A customer's order. The table is `customer_order` because `order` is an SQL keyword. */
@GraphQLModel({ name: 'Order', quickSearch: ['reference'], defaultOrder: [{ createdAt: 'DESC' }] })
@Audited()
@TenantScoped('companyId')
@OwnedBy('ownerId')
@Exportable({
  fields: ['id', 'reference', 'status', 'totalAmount', 'createdAt', 'customer.name', 'customer.country'],
})
@EmitsWebhookEvents()
@Entity({ name: 'customer_order' })
@Unique('uq_customer_order_reference', ['reference'])
@Index('idx_customer_order_company_id_created_at', ['companyId', 'createdAt'])
@Index('idx_customer_order_customer_id', ['customerId'])
@Index('idx_customer_order_owner_id', ['ownerId'])
@Index('idx_customer_order_status', ['status'])
@Check('chk_customer_order_total_amount_not_negative', `"total_amount" >= 0`)
export class Order {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Column({ type: 'integer' })
  companyId!: number;

  @ManyToOne(() => Company, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'company_id' })
  company!: Relation<Company>;

  @Column({ type: 'integer' })
  customerId!: number;

  @ManyToOne(() => Customer, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'customer_id' })
  customer!: Relation<Customer>;

  /** The user who owns the order; `order.update_own` lets them change it. */
  @Column({ type: 'integer' })
  ownerId!: number;

  @ManyToOne(() => AppUser, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_id' })
  owner!: Relation<AppUser>;

  @Column({ type: 'varchar', length: 32 })
  reference!: string;

  /** Changes only through the actions below, never by a plain update. */
  @GraphQLField({ readOnly: true })
  @Column({ type: 'simple-enum', enum: orderStatuses, default: 'pending' })
  status!: OrderStatus;

  @DecimalColumn({ precision: 12, scale: 2, default: '0' })
  totalAmount!: string;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @OneToMany(() => OrderItem, (item) => item.order)
  items!: Relation<OrderItem>[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @ModelAction({ description: 'pending → confirmed' })
  confirm(): void {
    this.moveTo('confirmed');
  }

  @ModelAction({ description: 'confirmed → shipped' })
  ship(): void {
    this.moveTo('shipped');
  }

  @ModelAction({ description: 'shipped → delivered' })
  deliver(): void {
    this.moveTo('delivered');
  }

  @ModelAction({ description: 'pending or confirmed → cancelled' })
  cancel(): void {
    this.moveTo('cancelled');
  }

  private moveTo(next: OrderStatus): void {
    const allowed = nextStatuses[this.status];
    if (!allowed.includes(next)) {
      throw new RailError(
        RailErrorCode.BAD_USER_INPUT,
        `A ${this.status} order cannot become ${next}; allowed next: ${allowed.length > 0 ? allowed.join(', ') : 'none'}`,
        { allowed: [...allowed] },
      );
    }
    this.status = next;
  }
}
