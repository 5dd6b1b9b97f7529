import { Audited } from '@rail/audit';
import { DecimalColumn, OwnedBy, TenantScoped } from '@rail/core';
import { RequirePermission } from '@rail/rbac';
import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Order } from './order.entity.js';
import { Product } from './product.entity.js';
import { EmitsWebhookEvents } from '@rail/webhooks';

/** One line of an order; deleted with its order. Whoever may read orders may read their lines. */
@RequirePermission('order.view', { operations: ['list', 'retrieve'] })
@Audited()
@TenantScoped('order.companyId')
@OwnedBy('order.ownerId')
@EmitsWebhookEvents()
@Entity({ name: 'order_item' })
@Index('idx_order_item_order_id', ['orderId'])
@Index('idx_order_item_product_id', ['productId'])
@Check('chk_order_item_quantity_positive', `"quantity" > 0`)
@Check('chk_order_item_unit_price_not_negative', `"unit_price" >= 0`)
export class OrderItem {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Column({ type: 'integer' })
  orderId!: number;

  @ManyToOne(() => Order, (order) => order.items, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  order!: Relation<Order>;

  @Column({ type: 'integer' })
  productId!: number;

  @ManyToOne(() => Product, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'product_id' })
  product!: Relation<Product>;

  @Column({ type: 'integer' })
  quantity!: number;

  @DecimalColumn({ precision: 12, scale: 2 })
  unitPrice!: string;
}
