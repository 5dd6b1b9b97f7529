import { Faker, en } from '@faker-js/faker';
import { PasswordHasher } from '@rail/auth';
import { refreshPlannerStatistics } from '@rail/core';
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import {
  AppUser,
  Category,
  Company,
  Customer,
  Order,
  OrderItem,
  Product,
  storeEntities,
} from '../entities/index.js';
import type { OrderStatus, ProductStatus } from '../entities/index.js';
import { demoCompanies, demoEmail, storeRoles, type StoreRole } from './demo-accounts.js';
import { centsToDecimal } from './money.js';
import { isStoreEmpty } from './store-empty.js';

export interface SeedOptions {
  /** Multiplies the product, customer and order counts (1 = 1,000 products, 500 customers, 2,000 orders). */
  readonly scale: number;
  readonly password: string;
}

export type SeedSummary = Readonly<
  Record<'companies' | 'users' | 'categories' | 'products' | 'customers' | 'orders' | 'orderItems', number>
>;

// Per company at scale 1; two companies make the totals of docs/sample-store.md.
const PRODUCTS_PER_COMPANY = 500;
const CUSTOMERS_PER_COMPANY = 250;
const ORDERS_PER_COMPANY = 1000;
const INSERT_CHUNK = 500;
const FAKER_SEED = 20261123;
// A fixed window keeps the data identical from one run to the next.
const ORDER_WINDOW_START = Date.UTC(2025, 0, 1);
const ORDER_WINDOW_END = Date.UTC(2026, 9, 31);

const categoryTree: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['Tools', ['Power tools', 'Hand tools']],
  ['Garden', ['Plants', 'Irrigation']],
  ['Kitchen', ['Cookware']],
  ['Office', ['Paper', 'Furniture']],
];
const customerCountries = ['US', 'DE', 'FR', 'GB', 'ES', 'IT', 'NL', 'CA', 'JP', 'BR'];
const productStatusWeights: ReadonlyArray<{ weight: number; value: ProductStatus }> = [
  { weight: 8, value: 'active' },
  { weight: 1, value: 'draft' },
  { weight: 1, value: 'archived' },
];
const orderStatusWeights: ReadonlyArray<{ weight: number; value: OrderStatus }> = [
  { weight: 2, value: 'pending' },
  { weight: 2, value: 'confirmed' },
  { weight: 2, value: 'shipped' },
  { weight: 3, value: 'delivered' },
  { weight: 1, value: 'cancelled' },
];

async function insertInChunks<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: T[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(target)
      .values(rows.slice(start, start + INSERT_CHUNK))
      .execute();
  }
}

/** Ids are assigned here so that the data is the same on every database and run. */
class IdSequence {
  private last = 0;
  next(): number {
    return ++this.last;
  }
}

/**
 * Fills an empty store with deterministic demo data, in one transaction: the
 * demo companies, one user per role in each, categories, products, customers
 * and orders with 1–5 items.
 */
export async function seedStore(dataSource: DataSource, options: SeedOptions): Promise<SeedSummary> {
  if (!(options.scale > 0))
    throw new RangeError(`scale must be a positive number, received ${options.scale}`);
  if (!(await isStoreEmpty(dataSource))) {
    throw new Error(
      'The database already holds store data; seed only an empty database (use --reset to wipe it).',
    );
  }
  const faker = new Faker({ locale: [en], seed: FAKER_SEED });
  const ids = {
    company: new IdSequence(),
    user: new IdSequence(),
    category: new IdSequence(),
    product: new IdSequence(),
    customer: new IdSequence(),
    order: new IdSequence(),
    item: new IdSequence(),
  };
  const companies: Company[] = [];
  const users: AppUser[] = [];
  const categories: Category[] = [];
  const products: Product[] = [];
  const customers: Customer[] = [];
  const orders: Order[] = [];
  const items: OrderItem[] = [];

  const hasher = new PasswordHasher();
  const passwordHashes = await Promise.all(
    demoCompanies.flatMap(() => storeRoles.map(() => hasher.hash(options.password))),
  );
  const created = (from: number, to: number): Date => new Date(faker.number.int({ min: from, max: to }));

  for (const demo of demoCompanies) {
    const company = {
      id: ids.company.next(),
      name: demo.name,
      country: demo.country,
      createdAt: new Date(ORDER_WINDOW_START),
    };
    companies.push(company);
    const usersByRole = new Map<StoreRole, AppUser>();
    for (const role of storeRoles) {
      const user = {
        id: ids.user.next(),
        companyId: company.id,
        email: demoEmail(role, demo),
        passwordHash: passwordHashes[users.length],
        displayName: `${demo.name} ${role.replace('_', ' ')}`,
        roles: [role],
        isActive: true,
        createdAt: new Date(ORDER_WINDOW_START),
      } as AppUser;
      users.push(user);
      usersByRole.set(role, user);
    }

    const leafCategories: Category[] = [];
    for (const [rootName, childNames] of categoryTree) {
      const root = {
        id: ids.category.next(),
        companyId: company.id,
        name: rootName,
        parentId: null,
      } as Category;
      categories.push(root);
      for (const childName of childNames) {
        const child = {
          id: ids.category.next(),
          companyId: company.id,
          name: childName,
          parentId: root.id,
        } as Category;
        categories.push(child);
        leafCategories.push(child);
      }
    }

    const companyProducts: Product[] = [];
    for (let n = 0; n < Math.round(PRODUCTS_PER_COMPANY * options.scale); n++) {
      const priceCents = faker.number.int({ min: 199, max: 49_999 });
      const createdAt = created(ORDER_WINDOW_START, ORDER_WINDOW_END);
      const product = {
        id: ids.product.next(),
        companyId: company.id,
        categoryId: faker.helpers.arrayElement(leafCategories).id,
        name: faker.commerce.productName(),
        sku: `${demo.slug.toUpperCase()}-${String(n + 1).padStart(6, '0')}`,
        price: centsToDecimal(priceCents),
        costPrice: centsToDecimal(Math.round(priceCents * faker.number.float({ min: 0.35, max: 0.8 }))),
        status: faker.helpers.weightedArrayElement(productStatusWeights),
        isActive: faker.datatype.boolean(0.95),
        stock: faker.number.int({ min: 0, max: 500 }),
        createdAt,
        updatedAt: createdAt,
      } as Product;
      companyProducts.push(product);
    }
    products.push(...companyProducts);

    const companyCustomers: Customer[] = [];
    for (let n = 0; n < Math.round(CUSTOMERS_PER_COMPANY * options.scale); n++) {
      const firstName = faker.person.firstName();
      const lastName = faker.person.lastName();
      companyCustomers.push({
        id: ids.customer.next(),
        companyId: company.id,
        name: `${firstName} ${lastName}`,
        email: faker.internet
          .email({ firstName, lastName, provider: `${demo.slug}-customers.example` })
          .toLowerCase(),
        phone: faker.phone.number({ style: 'international' }),
        country: faker.helpers.arrayElement(customerCountries),
        creditLimit: centsToDecimal(faker.number.int({ min: 0, max: 200 }) * 10_000),
        createdAt: created(ORDER_WINDOW_START, ORDER_WINDOW_START + 90 * 86_400_000),
      } as Customer);
    }
    customers.push(...companyCustomers);

    const owners = [usersByRole.get('sales')!, usersByRole.get('catalog_admin')!];
    for (let n = 0; n < Math.round(ORDERS_PER_COMPANY * options.scale); n++) {
      const order = {
        id: ids.order.next(),
        companyId: company.id,
        customerId: faker.helpers.arrayElement(companyCustomers).id,
        ownerId: faker.helpers.arrayElement(owners).id,
        reference: `${demo.slug.toUpperCase()}-${String(n + 1).padStart(6, '0')}`,
        status: faker.helpers.weightedArrayElement(orderStatusWeights),
        notes: faker.datatype.boolean(0.2) ? faker.lorem.sentence() : null,
        createdAt: created(ORDER_WINDOW_START + 90 * 86_400_000, ORDER_WINDOW_END),
      } as Order;
      order.updatedAt = order.createdAt;
      let totalCents = 0;
      for (const product of faker.helpers.arrayElements(companyProducts, { min: 1, max: 5 })) {
        const quantity = faker.number.int({ min: 1, max: 10 });
        const unitCents = Math.round(Number(product.price) * 100);
        totalCents += quantity * unitCents;
        items.push({
          id: ids.item.next(),
          orderId: order.id,
          productId: product.id,
          quantity,
          unitPrice: product.price,
        } as OrderItem);
      }
      order.totalAmount = centsToDecimal(totalCents);
      orders.push(order);
    }
  }

  await dataSource.transaction(async (manager) => {
    await insertInChunks(manager, Company, companies);
    await insertInChunks(manager, AppUser, users);
    await insertInChunks(
      manager,
      Category,
      categories.filter((category) => category.parentId === null),
    );
    await insertInChunks(
      manager,
      Category,
      categories.filter((category) => category.parentId !== null),
    );
    await insertInChunks(manager, Product, products);
    await insertInChunks(manager, Customer, customers);
    await insertInChunks(manager, Order, orders);
    await insertInChunks(manager, OrderItem, items);
    if (dataSource.options.type === 'postgres') await advanceIdentitySequences(manager);
  });
  await refreshPlannerStatistics(dataSource);

  return {
    companies: companies.length,
    users: users.length,
    categories: categories.length,
    products: products.length,
    customers: customers.length,
    orders: orders.length,
    orderItems: items.length,
  };
}

/** Explicit ids leave PostgreSQL's identity sequences behind; move them past the seeded rows. */
async function advanceIdentitySequences(manager: EntityManager): Promise<void> {
  for (const entity of storeEntities) {
    const table = manager.connection.getMetadata(entity).tableName;
    await manager.query(
      `SELECT setval(pg_get_serial_sequence($1, 'id'), COALESCE((SELECT MAX(id) FROM "${table}"), 0) + 1, false)`,
      [`"${table}"`],
    );
  }
}
