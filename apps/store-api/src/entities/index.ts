import { AppUser } from './app-user.entity.js';
import { Category } from './category.entity.js';
import { Company } from './company.entity.js';
import { Customer } from './customer.entity.js';
import { OrderItem } from './order-item.entity.js';
import { Order } from './order.entity.js';
import { Product } from './product.entity.js';

export { AppUser, Category, Company, Customer, Order, OrderItem, Product };
export { productStatuses, type ProductStatus } from './product.entity.js';
export { orderStatuses, type OrderStatus } from './order.entity.js';

/** Every entity of the store, in dependency order (referenced tables first). */
export const storeEntities = [Company, AppUser, Category, Product, Customer, Order, OrderItem];
