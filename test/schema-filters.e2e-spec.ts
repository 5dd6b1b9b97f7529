import { DataSource } from 'typeorm';
import { startStoreApp, type StoreApp } from './support/store-app.js';

// Every filter of the generated read API, checked against the seeded data:
// the API's answer must be exactly the rows a raw SELECT says match.
// Every read is tenant-scoped: the test user (catalog_admin@acme.example) sees
// only the rows of its company, Acme (company 1), so the expectations are
// computed from company 1's rows; users are read by admin@acme.example, the
// only role with `user.view`.

interface ProductRow {
  id: number;
  companyId: number;
  categoryId: number;
  name: string;
  sku: string;
  cents: number;
  stock: number;
  isActive: boolean;
  status: string;
  createdAt: number;
}
interface CategoryRow {
  id: number;
  companyId: number;
  name: string;
  parentId: number | null;
}
interface CustomerRow {
  id: number;
  name: string;
  email: string;
  phone: string | null;
  country: string;
}
interface OrderRow {
  id: number;
  customerId: number;
  reference: string;
  status: string;
  cents: number;
  notes: string | null;
  createdAt: number;
}
interface ItemRow {
  id: number;
  orderId: number;
  productId: number;
  quantity: number;
}
interface UserRow {
  id: number;
  email: string;
  displayName: string;
}

const WHERE_TYPES = {
  products: 'ProductWhere',
  categories: 'CategoryWhere',
  customers: 'CustomerWhere',
  orders: 'OrderWhere',
  orderItems: 'OrderItemWhere',
  users: 'UserWhere',
} as const;
type Plural = keyof typeof WHERE_TYPES;
type Where = Record<string, unknown>;
/** How many rows a case should match: some but not all (default), all, or none. */
type Expect = 'some' | 'all' | 'none';

/** A timestamp as either driver returns it (SQLite keeps UTC text, PostgreSQL gives a Date). */
const millis = (value: unknown): number =>
  value instanceof Date ? value.getTime() : Date.parse(`${String(value).replace(' ', 'T')}Z`);
/** A decimal column as whole cents (SQLite returns a float, PostgreSQL a string). */
const cents = (value: unknown): number => Math.round(Number(value) * 100);
/** Cents as the API's Decimal string. */
const money = (value: number): string => `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`;
const iso = (value: number): string => new Date(value).toISOString();
const byId = (a: number, b: number): number => a - b;

describe('generated read API: filters', () => {
  let store: StoreApp;
  let db: DataSource;
  let products: ProductRow[];
  let categories: CategoryRow[];
  let customers: CustomerRow[];
  let orders: OrderRow[];
  let items: ItemRow[];
  let users: UserRow[];
  let emptyCategoryId: number;
  let emptyOrderId: number;
  /** Headers of an admin@acme.example session with an enrolled authenticator. */
  let adminHeaders: Record<string, string>;

  beforeAll(async () => {
    store = await startStoreApp();
    db = store.app.get(DataSource);
    adminHeaders = await store.fullSession('admin@acme.example');
    // Parents with an EMPTY relation: a leaf category without products, an order without items;
    // both of company 1, so that the test user sees them.
    await db.query(`INSERT INTO category (company_id, name, parent_id) VALUES (1, 'Empty shelf', 1)`);
    await db.query(
      `INSERT INTO customer_order (company_id, customer_id, owner_id, reference, status, total_amount, notes, created_at, updated_at)
       VALUES (1, 1, 4, 'ACME-EMPTY', 'pending', 0, NULL, '2026-10-30 12:00:00.000', '2026-10-30 12:00:00.000')`,
    );
    [{ id: emptyCategoryId }] = (
      await db.query<{ id: number }[]>(
        `SELECT id FROM category WHERE company_id = 1 AND name = 'Empty shelf'`,
      )
    ).map((row) => ({ id: Number(row.id) }));
    [{ id: emptyOrderId }] = (
      await db.query<{ id: number }[]>(
        `SELECT id FROM customer_order WHERE company_id = 1 AND reference = 'ACME-EMPTY'`,
      )
    ).map((row) => ({ id: Number(row.id) }));

    products = (
      await db.query<Record<string, unknown>[]>(
        `SELECT id, company_id, category_id, name, sku, price, stock, is_active, status, created_at FROM product
         WHERE company_id = 1 ORDER BY id`,
      )
    ).map((row) => ({
      id: Number(row.id),
      companyId: Number(row.company_id),
      categoryId: Number(row.category_id),
      name: String(row.name),
      sku: String(row.sku),
      cents: cents(row.price),
      stock: Number(row.stock),
      isActive: Number(row.is_active) === 1,
      status: String(row.status),
      createdAt: millis(row.created_at),
    }));
    categories = (
      await db.query<Record<string, unknown>[]>(
        'SELECT id, company_id, name, parent_id FROM category WHERE company_id = 1 ORDER BY id',
      )
    ).map((row) => ({
      id: Number(row.id),
      companyId: Number(row.company_id),
      name: String(row.name),
      parentId: row.parent_id === null ? null : Number(row.parent_id),
    }));
    customers = (
      await db.query<Record<string, unknown>[]>(
        'SELECT id, name, email, phone, country FROM customer WHERE company_id = 1 ORDER BY id',
      )
    ).map((row) => ({
      id: Number(row.id),
      name: String(row.name),
      email: String(row.email),
      phone: row.phone as string | null,
      country: String(row.country),
    }));
    orders = (
      await db.query<Record<string, unknown>[]>(
        `SELECT id, customer_id, reference, status, total_amount, notes, created_at FROM customer_order
         WHERE company_id = 1 ORDER BY id`,
      )
    ).map((row) => ({
      id: Number(row.id),
      customerId: Number(row.customer_id),
      reference: String(row.reference),
      status: String(row.status),
      cents: cents(row.total_amount),
      notes: row.notes as string | null,
      createdAt: millis(row.created_at),
    }));
    // Order items have no company of their own: they belong to their order's.
    items = (
      await db.query<Record<string, unknown>[]>(
        `SELECT i.id, i.order_id, i.product_id, i.quantity FROM order_item i
         JOIN customer_order o ON o.id = i.order_id WHERE o.company_id = 1 ORDER BY i.id`,
      )
    ).map((row) => ({
      id: Number(row.id),
      orderId: Number(row.order_id),
      productId: Number(row.product_id),
      quantity: Number(row.quantity),
    }));
    users = (
      await db.query<Record<string, unknown>[]>(
        'SELECT id, email, display_name FROM app_user WHERE company_id = 1 ORDER BY id',
      )
    ).map((row) => ({ id: Number(row.id), email: String(row.email), displayName: String(row.display_name) }));
  });
  afterAll(() => store.close());

  /** Every id the API returns for `where`, read page by page in id order (users by the admin). */
  async function apiIds(
    plural: Plural,
    where: Where,
    headers: Record<string, string> = {},
  ): Promise<number[]> {
    const found: number[] = [];
    for (let offset = 0; ; offset += 100) {
      const response = await store
        .graphql(
          `query ($where: ${WHERE_TYPES[plural]}, $offset: Int!) {
             ${plural}(where: $where, orderBy: [{ id: ASC }], offset: $offset, limit: 100) { id }
           }`,
          { where, offset },
          plural === 'users' ? adminHeaders : headers,
        )
        .expect(200);
      expect(response.body.errors).toBeUndefined();
      const page = (response.body.data[plural] as { id: string }[]).map((row) => Number(row.id));
      found.push(...page);
      if (page.length < 100) return found;
    }
  }

  /** Asserts the API matches exactly the rows `match` picks, and returns their ids. */
  async function expectMatches<T extends { id: number }>(
    plural: Plural,
    where: Where,
    rows: readonly T[],
    match: (row: T) => boolean,
    expectation: Expect = 'some',
    headers: Record<string, string> = {},
  ): Promise<number[]> {
    const expected = rows
      .filter(match)
      .map((row) => row.id)
      .sort(byId);
    // A case that matches everything (or nothing) by accident would not prove the filter works.
    if (expectation === 'some') {
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(rows.length);
    } else if (expectation === 'all') expect(expected).toHaveLength(rows.length);
    else if (expectation === 'none') expect(expected).toHaveLength(0);
    const actual = await apiIds(plural, where, headers);
    // Compared as a short summary, so that a failure names the filter and the first differences.
    const summary = (ids: number[]) => ({
      where,
      count: ids.length,
      missing: expected.filter((id) => !ids.includes(id)).slice(0, 10),
      unexpected: ids.filter((id) => !expected.includes(id)).slice(0, 10),
    });
    expect(summary(actual)).toEqual(summary(expected));
    expect(actual).toEqual(expected);
    return expected;
  }

  /**
   * Asserts that rows of another company match `where` in the database (the raw `sql` selects
   * their ids), yet the API returns none of them.
   */
  async function expectHidden(plural: Plural, where: Where, sql: string): Promise<void> {
    const hidden = await db.query<{ id: unknown }[]>(sql);
    expect(hidden.length).toBeGreaterThan(0);
    expect({ where, ids: await apiIds(plural, where) }).toEqual({ where, ids: [] });
  }

  async function errorOf(
    query: string,
    variables?: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): Promise<{ code: string }> {
    const response = await store.graphql(query, variables, headers);
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.data ?? null).toBeNull();
    return { code: response.body.errors[0].extensions.code as string };
  }

  const product = (index: number): ProductRow => products[index];

  describe('String operators (Product.name, Product.sku)', () => {
    it('eq, neq, in, notIn', async () => {
      const name = product(10).name;
      await expectMatches('products', { name: { eq: name } }, products, (p) => p.name === name);
      await expectMatches(
        'products',
        { sku: { neq: product(0).sku } },
        products,
        (p) => p.sku !== product(0).sku,
      );
      const names = [product(1).name, product(2).name, product(3).name, 'No such product'];
      await expectMatches('products', { name: { in: names } }, products, (p) => names.includes(p.name));
      const skus = products.slice(0, 5).map((p) => p.sku);
      await expectMatches('products', { sku: { notIn: skus } }, products, (p) => !skus.includes(p.sku));
    });

    it('contains, startsWith and endsWith are case-sensitive', async () => {
      const word = product(0).name.split(' ')[1];
      const inner = word.slice(1, -1);
      await expectMatches('products', { name: { contains: word } }, products, (p) => p.name.includes(word));
      await expectMatches('products', { name: { contains: inner } }, products, (p) => p.name.includes(inner));
      const first = product(0).name.split(' ')[0];
      await expectMatches('products', { name: { startsWith: first } }, products, (p) =>
        p.name.startsWith(first),
      );
      const last = product(0).name.split(' ').at(-1)!;
      await expectMatches('products', { name: { endsWith: last } }, products, (p) => p.name.endsWith(last));
      await expectMatches('products', { sku: { endsWith: '-000001' } }, products, (p) =>
        p.sku.endsWith('-000001'),
      );
      // The same text in another case matches fewer rows (here: none, as every word is capitalised).
      for (const [operator, text, holds] of [
        ['contains', word.toUpperCase(), (name: string, text: string) => name.includes(text)],
        ['startsWith', first.toLowerCase(), (name: string, text: string) => name.startsWith(text)],
        ['endsWith', last.toUpperCase(), (name: string, text: string) => name.endsWith(text)],
      ] as const) {
        await expectMatches(
          'products',
          { name: { [operator]: text } },
          products,
          (p) => holds(p.name, text),
          'none',
        );
      }
    });

    it('icontains, istartsWith and iendsWith ignore case', async () => {
      const word = product(0).name.split(' ')[1];
      const first = product(0).name.split(' ')[0];
      const last = product(0).name.split(' ').at(-1)!;
      const mixed = (text: string): string =>
        [...text].map((c, i) => (i % 2 ? c.toLowerCase() : c.toUpperCase())).join('');
      const lower = (p: ProductRow): string => p.name.toLowerCase();
      const sensitive = await expectMatches('products', { name: { contains: word } }, products, (p) =>
        p.name.includes(word),
      );
      const insensitive = await expectMatches(
        'products',
        { name: { icontains: mixed(word) } },
        products,
        (p) => lower(p).includes(word.toLowerCase()),
      );
      expect(insensitive.length).toBeGreaterThanOrEqual(sensitive.length);
      await expectMatches('products', { name: { istartsWith: mixed(first) } }, products, (p) =>
        lower(p).startsWith(first.toLowerCase()),
      );
      await expectMatches('products', { name: { iendsWith: last.toUpperCase() } }, products, (p) =>
        lower(p).endsWith(last.toLowerCase()),
      );
      await expectMatches('products', { sku: { istartsWith: 'aCmE-00001' } }, products, (p) =>
        p.sku.startsWith('ACME-00001'),
      );
      // Company 2's skus match in the database, but are not the test user's to see.
      await expectHidden(
        'products',
        { sku: { istartsWith: 'globex-' } },
        `SELECT id FROM product WHERE company_id = 2 AND sku LIKE 'GLOBEX-%'`,
      );
    });

    it('LIKE wildcards in the text match literally', async () => {
      // Unescaped, "_" would match the "-" of every ACME sku (that is, every visible one) and "%" every name.
      const lower = (text: string): string => text.toLowerCase();
      await expectMatches(
        'products',
        { sku: { istartsWith: 'acme_' } },
        products,
        (p) => lower(p.sku).startsWith('acme_'),
        'none',
      );
      await expectMatches(
        'products',
        { name: { icontains: '%' } },
        products,
        (p) => p.name.includes('%'),
        'none',
      );
      await expectMatches(
        'products',
        { sku: { iendsWith: '_00001' } },
        products,
        (p) => p.sku.endsWith('_00001'),
        'none',
      );
      await expectMatches(
        'products',
        { quick: '%' },
        products,
        (p) => `${p.name}${p.sku}`.includes('%'),
        'none',
      );
      // A literal "-" still matches.
      await expectMatches('products', { sku: { istartsWith: 'acme-0000' } }, products, (p) =>
        p.sku.startsWith('ACME-0000'),
      );
    });

    it('an empty text is a prefix, suffix and part of every value', async () => {
      for (const operator of [
        'contains',
        'startsWith',
        'endsWith',
        'icontains',
        'istartsWith',
        'iendsWith',
      ]) {
        await expectMatches('products', { sku: { [operator]: '' } }, products, () => true, 'all');
      }
    });

    it('isNull on a required and on an optional column', async () => {
      await expectMatches('products', { name: { isNull: true } }, products, () => false, 'none');
      await expectMatches('products', { name: { isNull: false } }, products, () => true, 'all');
      await expectMatches('orders', { notes: { isNull: true } }, orders, (o) => o.notes === null);
      await expectMatches('orders', { notes: { isNull: false } }, orders, (o) => o.notes !== null);
    });
  });

  describe('Int operators (Product.stock)', () => {
    it('eq, neq, gt, gte, lt, lte, in, notIn, between, isNull', async () => {
      const stock = product(5).stock;
      await expectMatches('products', { stock: { eq: stock } }, products, (p) => p.stock === stock);
      await expectMatches('products', { stock: { neq: stock } }, products, (p) => p.stock !== stock);
      await expectMatches('products', { stock: { gt: stock } }, products, (p) => p.stock > stock);
      await expectMatches('products', { stock: { gte: stock } }, products, (p) => p.stock >= stock);
      await expectMatches('products', { stock: { lt: stock } }, products, (p) => p.stock < stock);
      await expectMatches('products', { stock: { lte: stock } }, products, (p) => p.stock <= stock);
      await expectMatches('products', { stock: { in: [0, 1, 2, 499, 500] } }, products, (p) =>
        [0, 1, 2, 499, 500].includes(p.stock),
      );
      await expectMatches(
        'products',
        { stock: { notIn: [0, 1, 2, 3, stock] } },
        products,
        (p) => ![0, 1, 2, 3, stock].includes(p.stock),
      );
      await expectMatches(
        'products',
        { stock: { between: { from: 100, to: 120 } } },
        products,
        (p) => p.stock >= 100 && p.stock <= 120,
      );
      await expectMatches('products', { stock: { isNull: false } }, products, () => true, 'all');
      await expectMatches('products', { stock: { isNull: true } }, products, () => false, 'none');
    });

    it('several operators on one field are ANDed', async () => {
      await expectMatches(
        'products',
        { stock: { gt: 100, lte: 120, neq: 110 } },
        products,
        (p) => p.stock > 100 && p.stock <= 120 && p.stock !== 110,
      );
    });
  });

  describe('Decimal operators (Product.price, Order.totalAmount)', () => {
    it('eq, neq, gt, gte, lt, lte, in, notIn, between, isNull', async () => {
      const price = product(0).cents;
      const p = money(price);
      await expectMatches('products', { price: { eq: p } }, products, (row) => row.cents === price);
      await expectMatches('products', { price: { neq: p } }, products, (row) => row.cents !== price);
      await expectMatches('products', { price: { gt: p } }, products, (row) => row.cents > price);
      await expectMatches('products', { price: { gte: p } }, products, (row) => row.cents >= price);
      await expectMatches('products', { price: { lt: p } }, products, (row) => row.cents < price);
      await expectMatches('products', { price: { lte: p } }, products, (row) => row.cents <= price);
      const some = [product(1).cents, product(2).cents, product(3).cents];
      await expectMatches('products', { price: { in: some.map(money) } }, products, (row) =>
        some.includes(row.cents),
      );
      await expectMatches(
        'products',
        { price: { notIn: some.map(money) } },
        products,
        (row) => !some.includes(row.cents),
      );
      await expectMatches(
        'products',
        { price: { between: { from: '100.00', to: '150.5' } } },
        products,
        (row) => row.cents >= 10000 && row.cents <= 15050,
      );
      await expectMatches('products', { price: { isNull: false } }, products, () => true, 'all');
      await expectMatches('products', { price: { isNull: true } }, products, () => false, 'none');
      await expectMatches(
        'orders',
        { totalAmount: { gte: '1000', lt: '2500.50' } },
        orders,
        (o) => o.cents >= 100000 && o.cents < 250050,
      );
    });

    it('compares by value, not by text: "206.3" equals 206.30 and "99" is less than "100"', async () => {
      const withTenths = products.find((row) => row.cents % 10 === 0 && row.cents % 100 !== 0)!;
      const short = money(withTenths.cents).slice(0, -1);
      await expectMatches(
        'products',
        { price: { eq: short } },
        products,
        (row) => row.cents === withTenths.cents,
      );
      await expectMatches('products', { price: { lt: '99' } }, products, (row) => row.cents < 9900);
    });
  });

  describe('DateTime operators (Product.createdAt)', () => {
    it('eq, neq, gt, gte, lt, lte, in, notIn, between, isNull', async () => {
      const at = product(7).createdAt;
      const t = iso(at);
      await expectMatches('products', { createdAt: { eq: t } }, products, (p) => p.createdAt === at);
      await expectMatches('products', { createdAt: { neq: t } }, products, (p) => p.createdAt !== at);
      await expectMatches('products', { createdAt: { gt: t } }, products, (p) => p.createdAt > at);
      await expectMatches('products', { createdAt: { gte: t } }, products, (p) => p.createdAt >= at);
      await expectMatches('products', { createdAt: { lt: t } }, products, (p) => p.createdAt < at);
      await expectMatches('products', { createdAt: { lte: t } }, products, (p) => p.createdAt <= at);
      const some = [product(8).createdAt, product(9).createdAt];
      await expectMatches('products', { createdAt: { in: some.map(iso) } }, products, (p) =>
        some.includes(p.createdAt),
      );
      await expectMatches(
        'products',
        { createdAt: { notIn: some.map(iso) } },
        products,
        (p) => !some.includes(p.createdAt),
      );
      const from = Date.UTC(2025, 5, 1);
      const to = Date.UTC(2025, 6, 1);
      await expectMatches(
        'products',
        { createdAt: { between: { from: iso(from), to: iso(to) } } },
        products,
        (p) => p.createdAt >= from && p.createdAt <= to,
      );
      await expectMatches('products', { createdAt: { isNull: false } }, products, () => true, 'all');
      await expectMatches('products', { createdAt: { isNull: true } }, products, () => false, 'none');
    });

    it('honours the offset of the given instant', async () => {
      const cut = Date.UTC(2026, 0, 1);
      await expectMatches(
        'products',
        { createdAt: { gte: '2026-01-01T02:00:00+02:00' } },
        products,
        (p) => p.createdAt >= cut,
      );
    });

    it('a timestamp the database set matches the value the API shows for it', async () => {
      // created_at from the column default: microseconds on PostgreSQL, whole seconds on SQLite.
      await db.query(
        `INSERT INTO customer (company_id, name, email, phone, country, credit_limit)
         VALUES (1, 'Clock Watcher', 'clock.watcher@acme-customers.example', NULL, 'US', 0)`,
      );
      try {
        const read = await store
          .graphql(
            '{ customers(where: { email: { eq: "clock.watcher@acme-customers.example" } }) { id createdAt } }',
          )
          .expect(200);
        const [{ id, createdAt }] = read.body.data.customers as { id: string; createdAt: string }[];
        const idsWhere = async (condition: Where): Promise<string[]> => {
          const response = await store
            .graphql('query ($where: CustomerWhere) { customers(where: $where, limit: 100) { id } }', {
              where: { createdAt: condition },
            })
            .expect(200);
          expect(response.body.errors).toBeUndefined();
          return (response.body.data.customers as { id: string }[]).map((row) => row.id);
        };
        for (const condition of [
          { eq: createdAt },
          { in: [createdAt] },
          { gte: createdAt },
          { lte: createdAt, gt: '2026-01-01T00:00:00Z' },
          { between: { from: createdAt, to: createdAt } },
        ]) {
          expect({ condition, ids: await idsWhere(condition) }).toEqual({ condition, ids: [id] });
        }
        for (const condition of [
          { gt: createdAt },
          { lt: createdAt, gt: '2026-01-01T00:00:00Z' },
          { neq: createdAt, gt: '2026-01-01T00:00:00Z' },
          { notIn: [createdAt], gt: '2026-01-01T00:00:00Z' },
        ]) {
          expect({ condition, ids: await idsWhere(condition) }).toEqual({ condition, ids: [] });
        }
      } finally {
        await db.query(`DELETE FROM customer WHERE email = 'clock.watcher@acme-customers.example'`);
      }
    });
  });

  describe('Boolean, ID and enum operators', () => {
    it('Boolean eq and isNull (Product.isActive)', async () => {
      await expectMatches('products', { isActive: { eq: true } }, products, (p) => p.isActive);
      await expectMatches('products', { isActive: { eq: false } }, products, (p) => !p.isActive);
      await expectMatches('products', { isActive: { isNull: false } }, products, () => true, 'all');
      await expectMatches('products', { isActive: { isNull: true } }, products, () => false, 'none');
    });

    it('ID eq, neq, in, notIn, isNull on keys and foreign keys', async () => {
      await expectMatches('products', { id: { eq: '17' } }, products, (p) => p.id === 17);
      await expectMatches('products', { id: { neq: '17' } }, products, (p) => p.id !== 17);
      await expectMatches('products', { id: { in: ['1', '2', '3', '999999'] } }, products, (p) => p.id <= 3);
      await expectMatches('products', { id: { notIn: ['1', '2', '3'] } }, products, (p) => p.id > 3);
      await expectMatches('products', { id: { isNull: false } }, products, () => true, 'all');
      const category = String(product(0).categoryId);
      await expectMatches(
        'products',
        { categoryId: { eq: category } },
        products,
        (p) => String(p.categoryId) === category,
      );
      await expectMatches('products', { categoryId: { in: ['2', '3'] } }, products, (p) =>
        [2, 3].includes(p.categoryId),
      );
      await expectMatches(
        'products',
        { categoryId: { notIn: ['2', '3'] } },
        products,
        (p) => ![2, 3].includes(p.categoryId),
      );
      await expectMatches(
        'products',
        { categoryId: { neq: category } },
        products,
        (p) => String(p.categoryId) !== category,
      );
      // Every visible product is company 1's: company 2's are never returned.
      await expectMatches('products', { companyId: { eq: '1' } }, products, () => true, 'all');
      await expectHidden(
        'products',
        { companyId: { neq: '1' } },
        'SELECT id FROM product WHERE company_id <> 1',
      );
      await expectMatches(
        'categories',
        { parentId: { isNull: true } },
        categories,
        (c) => c.parentId === null,
      );
      await expectMatches(
        'categories',
        { parentId: { isNull: false } },
        categories,
        (c) => c.parentId !== null,
      );
    });

    it('enum eq, neq, in, notIn, isNull (Product.status, Order.status)', async () => {
      await expectMatches('products', { status: { eq: 'draft' } }, products, (p) => p.status === 'draft');
      await expectMatches('products', { status: { neq: 'active' } }, products, (p) => p.status !== 'active');
      await expectMatches('products', { status: { in: ['draft', 'archived'] } }, products, (p) =>
        ['draft', 'archived'].includes(p.status),
      );
      await expectMatches(
        'products',
        { status: { notIn: ['archived'] } },
        products,
        (p) => p.status !== 'archived',
      );
      await expectMatches('products', { status: { isNull: false } }, products, () => true, 'all');
      await expectMatches('orders', { status: { in: ['pending', 'cancelled'] } }, orders, (o) =>
        ['pending', 'cancelled'].includes(o.status),
      );
    });

    it('an empty in-list matches nothing, an empty notIn-list everything', async () => {
      await expectMatches('products', { id: { in: [] } }, products, () => false, 'none');
      await expectMatches('products', { name: { in: [] } }, products, () => false, 'none');
      await expectMatches('products', { stock: { notIn: [] } }, products, () => true, 'all');
    });
  });

  describe('AND, OR, NOT', () => {
    it('keys of one object are ANDed, and so are AND lists', async () => {
      await expectMatches(
        'products',
        { status: { eq: 'active' }, stock: { lt: 50 }, isActive: { eq: true } },
        products,
        (p) => p.status === 'active' && p.stock < 50 && p.isActive,
      );
      await expectMatches(
        'products',
        { AND: [{ price: { gt: '100' } }, { price: { lt: '200' } }], categoryId: { eq: '2' } },
        products,
        (p) => p.cents > 10000 && p.cents < 20000 && p.categoryId === 2,
      );
    });

    it('OR matches rows meeting any branch; NOT inverts', async () => {
      await expectMatches(
        'products',
        {
          OR: [
            { stock: { eq: 0 } },
            { price: { lt: '5' } },
            { status: { eq: 'archived' }, stock: { gt: 490 } },
          ],
        },
        products,
        (p) => p.stock === 0 || p.cents < 500 || (p.status === 'archived' && p.stock > 490),
      );
      await expectMatches(
        'products',
        { NOT: { status: { eq: 'active' } } },
        products,
        (p) => p.status !== 'active',
      );
      await expectMatches(
        'products',
        { NOT: { OR: [{ status: { eq: 'draft' } }, { isActive: { eq: false } }] }, stock: { gte: 250 } },
        products,
        (p) => !(p.status === 'draft' || !p.isActive) && p.stock >= 250,
      );
      await expectMatches(
        'products',
        {
          OR: [
            { AND: [{ status: { eq: 'active' } }, { stock: { lt: 20 } }] },
            { NOT: { price: { lt: '490' } } },
          ],
        },
        products,
        (p) => (p.status === 'active' && p.stock < 20) || p.cents >= 49000,
      );
    });

    it('OR: [] matches nothing; AND: [] and NOT of OR: [] match everything', async () => {
      await expectMatches('products', { OR: [] }, products, () => false, 'none');
      await expectMatches('products', { OR: [], stock: { gte: 0 } }, products, () => false, 'none');
      await expectMatches('products', { OR: [{ OR: [] }, { id: { eq: '5' } }] }, products, (p) => p.id === 5);
      await expectMatches('products', { AND: [] }, products, () => true, 'all');
      await expectMatches('products', { NOT: { OR: [] } }, products, () => true, 'all');
      const page = await store
        .graphql('{ productPage(where: { OR: [] }) { pageInfo { totalCount } } }')
        .expect(200);
      expect(page.body.data.productPage.pageInfo.totalCount).toBe(0);
    });

    it('NOT returns exactly the rows the condition does not, also where the column is NULL', async () => {
      const word = orders
        .find((o) => o.notes !== null)!
        .notes!.split(' ')[0]
        .toLowerCase();
      const hit = (o: OrderRow): boolean => o.notes !== null && o.notes.toLowerCase().includes(word);
      const matching = await expectMatches('orders', { notes: { icontains: word } }, orders, hit);
      const rest = await expectMatches(
        'orders',
        { NOT: { notes: { icontains: word } } },
        orders,
        (o) => !hit(o),
      );
      expect(matching.length + rest.length).toBe(orders.length);
      expect(rest).toContain(emptyOrderId); // its notes are NULL
      // Twice negated is the condition again.
      await expectMatches('orders', { NOT: { NOT: { notes: { icontains: word } } } }, orders, hit);
      await expectMatches(
        'orders',
        { NOT: { notes: { eq: orders.find((o) => o.notes)!.notes! } } },
        orders,
        (o) => o.notes !== orders.find((x) => x.notes)!.notes,
      );
    });
  });

  describe('relation filters', () => {
    const categoryName = (id: number): string => categories.find((c) => c.id === id)!.name;
    const parentName = (id: number): string | undefined => {
      const parentId = categories.find((c) => c.id === id)!.parentId;
      return parentId === null ? undefined : categoryName(parentId);
    };

    it('to-one: a product by its category, and by its category’s parent', async () => {
      await expectMatches(
        'products',
        { category: { name: { eq: 'Paper' } } },
        products,
        (p) => categoryName(p.categoryId) === 'Paper',
      );
      // Products sit only in leaf categories: none is directly in a root such as Tools.
      await expectMatches('products', { category: { name: { eq: 'Tools' } } }, products, () => false, 'none');
      await expectMatches(
        'products',
        { category: { parent: { name: { eq: 'Tools' } } }, status: { eq: 'active' } },
        products,
        (p) => parentName(p.categoryId) === 'Tools' && p.status === 'active',
      );
      // Company 2 has a category Paper too; its products are not returned.
      await expectHidden(
        'products',
        { category: { name: { eq: 'Paper' } }, companyId: { eq: '2' } },
        `SELECT p.id FROM product p JOIN category c ON c.id = p.category_id WHERE p.company_id = 2 AND c.name = 'Paper'`,
      );
      await expectMatches(
        'orders',
        { customer: { country: { in: ['DE', 'FR'] }, name: { istartsWith: 'a' } } },
        orders,
        (o) => {
          const customer = customers.find((c) => c.id === o.customerId)!;
          return ['DE', 'FR'].includes(customer.country) && customer.name.toLowerCase().startsWith('a');
        },
      );
      await expectMatches(
        'orderItems',
        { quantity: { eq: 10 }, product: { status: { eq: 'archived' } } },
        items,
        (i) => i.quantity === 10 && products.find((p) => p.id === i.productId)!.status === 'archived',
      );
    });

    it('an optional to-one: NOT of a parent condition includes the rows without a parent', async () => {
      await expectMatches(
        'categories',
        { parent: { name: { eq: 'Garden' } } },
        categories,
        (c) => parentName(c.id) === 'Garden',
      );
      const rest = await expectMatches(
        'categories',
        { NOT: { parent: { name: { eq: 'Garden' } } } },
        categories,
        (c) => parentName(c.id) !== 'Garden',
      );
      expect(rest).toEqual(
        expect.arrayContaining(categories.filter((c) => c.parentId === null).map((c) => c.id)),
      );
      // An empty condition on the relation asks whether there is a related row at all.
      await expectMatches('categories', { parent: {} }, categories, (c) => c.parentId !== null);
      await expectMatches('categories', { NOT: { parent: {} } }, categories, (c) => c.parentId === null);
    });

    it('to-many: some, every and none (Order.items, Category.products)', async () => {
      const itemsOf = (orderId: number): ItemRow[] => items.filter((i) => i.orderId === orderId);
      await expectMatches('orders', { items: { some: { quantity: { gte: 9 } } } }, orders, (o) =>
        itemsOf(o.id).some((i) => i.quantity >= 9),
      );
      await expectMatches('orders', { items: { every: { quantity: { gte: 4 } } } }, orders, (o) =>
        itemsOf(o.id).every((i) => i.quantity >= 4),
      );
      await expectMatches(
        'orders',
        { items: { none: { quantity: { gte: 9 } } } },
        orders,
        (o) => !itemsOf(o.id).some((i) => i.quantity >= 9),
      );
      await expectMatches(
        'orders',
        { items: { some: { quantity: { eq: 10 } }, every: { quantity: { gte: 5 } } } },
        orders,
        (o) => itemsOf(o.id).some((i) => i.quantity === 10) && itemsOf(o.id).every((i) => i.quantity >= 5),
      );
      const productsOf = (categoryId: number): ProductRow[] =>
        products.filter((p) => p.categoryId === categoryId);
      await expectMatches('categories', { products: { some: { price: { gt: '495' } } } }, categories, (c) =>
        productsOf(c.id).some((p) => p.cents > 49500),
      );
      await expectMatches('categories', { products: { every: { stock: { gt: 0 } } } }, categories, (c) =>
        productsOf(c.id).every((p) => p.stock > 0),
      );
      await expectMatches(
        'categories',
        { products: { none: { status: { eq: 'draft' }, isActive: { eq: false } } } },
        categories,
        (c) => !productsOf(c.id).some((p) => p.status === 'draft' && !p.isActive),
      );
      await expectMatches('categories', { children: { some: {} } }, categories, (c) =>
        categories.some((child) => child.parentId === c.id),
      );
    });

    it('nested relation filters: orders with an item of a product in category Paper', async () => {
      await expectMatches(
        'orders',
        { items: { some: { product: { category: { name: { eq: 'Paper' } } } } } },
        orders,
        (o) =>
          items.some(
            (i) =>
              i.orderId === o.id &&
              categoryName(products.find((p) => p.id === i.productId)!.categoryId) === 'Paper',
          ),
      );
    });

    it('a parent with an EMPTY relation: every is true, some is false, none is true', async () => {
      expect(items.some((i) => i.orderId === emptyOrderId)).toBe(false);
      expect(products.some((p) => p.categoryId === emptyCategoryId)).toBe(false);

      // No item can have a quantity over 1000, so only orders without items hold "every".
      expect(await apiIds('orders', { items: { every: { quantity: { gt: 1000 } } } })).toEqual([
        emptyOrderId,
      ]);
      expect(await apiIds('orders', { items: { none: {} } })).toEqual([emptyOrderId]);
      const withItems = await apiIds('orders', { items: { some: {} } });
      expect(withItems).toHaveLength(orders.length - 1);
      expect(withItems).not.toContain(emptyOrderId);
      expect(await apiIds('orders', { items: { every: {} } })).toHaveLength(orders.length);

      const everyCheap = await apiIds('categories', { products: { every: { price: { lt: '0.01' } } } });
      expect(everyCheap).toContain(emptyCategoryId);
      expect(everyCheap).toEqual(
        categories
          .filter((c) => !products.some((p) => p.categoryId === c.id))
          .map((c) => c.id)
          .sort(byId),
      );
      expect(await apiIds('categories', { products: { some: {} } })).not.toContain(emptyCategoryId);
      expect(await apiIds('categories', { products: { none: {} }, parentId: { isNull: false } })).toEqual([
        emptyCategoryId,
      ]);
      // The same through a single-row read: the order is found by `every`, not by `some`.
      const byReference = await store
        .graphql(
          `{ a: orders(where: { reference: { eq: "ACME-EMPTY" }, items: { every: { quantity: { gt: 1000 } } } }) { id items { id } }
             b: orders(where: { reference: { eq: "ACME-EMPTY" }, items: { some: {} } }) { id } }`,
        )
        .expect(200);
      expect(byReference.body.data).toEqual({ a: [{ id: String(emptyOrderId), items: [] }], b: [] });
    });
  });

  describe('quick search', () => {
    it('searches every string field of a product, ignoring case', async () => {
      const word = product(3).name.split(' ')[2].toLowerCase();
      await expectMatches('products', { quick: word.toUpperCase() }, products, (p) =>
        `${p.name}\u0000${p.sku}`.toLowerCase().includes(word),
      );
      await expectMatches('products', { quick: 'aCmE-00001' }, products, (p) =>
        p.sku.startsWith('ACME-00001'),
      );
      await expectHidden(
        'products',
        { quick: 'gLoBeX-00001' },
        `SELECT id FROM product WHERE company_id = 2 AND sku LIKE 'GLOBEX-00001%'`,
      );
      await expectMatches(
        'products',
        { quick: word, status: { eq: 'active' } },
        products,
        (p) => `${p.name}\u0000${p.sku}`.toLowerCase().includes(word) && p.status === 'active',
      );
      await expectMatches('products', { quick: '' }, products, () => true, 'all');
    });

    it('searches the configured fields of customers and users', async () => {
      const customerText = (c: CustomerRow): string =>
        [c.name, c.email, c.phone ?? '', c.country].join('\u0000').toLowerCase();
      await expectMatches('customers', { quick: 'De' }, customers, (c) => customerText(c).includes('de'));
      const phonePart = customers[0].phone!.slice(0, 6);
      await expectMatches('customers', { quick: phonePart }, customers, (c) =>
        customerText(c).includes(phonePart),
      );
      // Only admin holds user.view: the test user may not list users at all.
      expect(await errorOf('{ users(where: { quick: "admin@" }) { id } }')).toEqual({ code: 'FORBIDDEN' });
      await expectMatches('users', { quick: 'ACME CATALOG' }, users, (u) =>
        `${u.email}\u0000${u.displayName}`.toLowerCase().includes('acme catalog'),
      );
      await expectMatches('users', { quick: 'admin@' }, users, (u) => u.email.includes('admin@'));
      // admin@globex.example matches in the database, but is of company 2.
      await expectHidden(
        'users',
        { quick: 'admin@globex' },
        `SELECT id FROM app_user WHERE company_id = 2 AND email LIKE 'admin@globex%'`,
      );
    });
  });

  describe('rejected filters', () => {
    const productsWhere = (where: string): string => `{ products(where: ${where}) { id } }`;

    it('a null anywhere in where is BAD_USER_INPUT', async () => {
      for (const where of [
        '{ name: null }',
        '{ name: { eq: null } }',
        '{ price: { gt: null } }',
        '{ NOT: null }',
        '{ OR: null }',
        '{ quick: null }',
        '{ category: null }',
        '{ category: { name: { eq: null } } }',
        '{ AND: [{ stock: { lt: null } }] }',
      ]) {
        expect(await errorOf(productsWhere(where))).toEqual({ code: 'BAD_USER_INPUT' });
      }
      expect(await errorOf('{ orders(where: { items: { some: null } }) { id } }')).toEqual({
        code: 'BAD_USER_INPUT',
      });
      for (const where of [
        { name: null },
        { OR: [{ sku: { in: ['A', null] } }] },
        { isActive: { eq: null } },
      ]) {
        expect(
          await errorOf('query ($where: ProductWhere) { products(where: $where) { id } }', { where }),
        ).toEqual({ code: 'BAD_USER_INPUT' });
      }
    });

    it('a malformed id is BAD_USER_INPUT', async () => {
      expect(await errorOf(productsWhere('{ id: { eq: "abc" } }'))).toEqual({ code: 'BAD_USER_INPUT' });
      expect(await errorOf(productsWhere('{ categoryId: { in: ["1", "x"] } }'))).toEqual({
        code: 'BAD_USER_INPUT',
      });
    });

    it('more than 6 levels of nesting is FILTER_TOO_COMPLEX; 6 levels are fine', async () => {
      const nested = (levels: number): Where => {
        let where: Where = { id: { eq: '1' } };
        for (let level = 1; level < levels; level++) where = { NOT: where };
        return where;
      };
      // Five NOTs around id = 1: six levels, the same as NOT id = 1.
      await expectMatches('products', nested(6), products, (p) => p.id !== 1);
      const tooDeep = 'query ($where: ProductWhere) { products(where: $where) { id } }';
      expect(await errorOf(tooDeep, { where: nested(7) })).toEqual({ code: 'FILTER_TOO_COMPLEX' });
      expect(await errorOf(tooDeep, { where: nested(30) })).toEqual({ code: 'FILTER_TOO_COMPLEX' });
      // Relation hops count as levels too. Filtering through Company needs company.view, which
      // only admin holds, so these reads are the admin's (who sees the same orders of company 1).
      const viaRelations = (condition: Where): Where => ({
        items: { some: { product: { category: { parent: { company: condition } } } } },
      });
      // Every order of Acme with an item; not the empty order, which has none.
      const acme = await expectMatches(
        'orders',
        viaRelations({ name: { eq: 'Acme' } }),
        orders,
        (o) => items.some((i) => i.orderId === o.id),
        'some',
        adminHeaders,
      );
      expect(acme).not.toContain(emptyOrderId);
      // Globex's orders match in the database, but are of company 2.
      const globex = await db.query<{ id: unknown }[]>(
        `SELECT id FROM customer_order WHERE company_id = 2 AND reference LIKE 'GLOBEX-%'`,
      );
      expect(globex.length).toBeGreaterThan(0);
      await expectMatches(
        'orders',
        viaRelations({ name: { eq: 'Globex' } }),
        orders,
        (o) => o.reference.startsWith('GLOBEX-'),
        'none',
        adminHeaders,
      );
      expect(
        await errorOf(
          'query ($where: OrderWhere) { orders(where: $where) { id } }',
          { where: viaRelations({ NOT: { name: { eq: 'Globex' } } }) },
          adminHeaders,
        ),
      ).toEqual({ code: 'FILTER_TOO_COMPLEX' });
    });

    it('more than 100 conditions is FILTER_TOO_COMPLEX; 100 are fine', async () => {
      const anyOf = (count: number): Where => ({
        OR: Array.from({ length: count }, (_, index) => ({ id: { eq: String(index + 1) } })),
      });
      await expectMatches('products', anyOf(100), products, (p) => p.id <= 100);
      const query = 'query ($where: ProductWhere) { products(where: $where) { id } }';
      expect(await errorOf(query, { where: anyOf(101) })).toEqual({ code: 'FILTER_TOO_COMPLEX' });
      // Operators count one each, wherever they sit.
      const operators = Array.from({ length: 51 }, (_, index) => ({
        stock: { gt: index, lt: 1000 + index },
      }));
      expect(await errorOf(query, { where: { AND: operators } })).toEqual({ code: 'FILTER_TOO_COMPLEX' });
    });

    it('an in-list of more than 1000 values is FILTER_TOO_COMPLEX; 1000 are fine', async () => {
      const ids = (count: number): string[] => Array.from({ length: count }, (_, index) => String(index + 1));
      const page = 'query ($where: ProductWhere) { productPage(where: $where) { pageInfo { totalCount } } }';
      // The ids of every seeded product of both companies: only company 1's (1 to 500) are counted.
      const fine = await store.graphql(page, { where: { id: { in: ids(1000) } } }).expect(200);
      expect(products.map((p) => p.id)).toEqual(ids(500).map(Number));
      expect(fine.body).toEqual({ data: { productPage: { pageInfo: { totalCount: 500 } } } });
      const fineNot = await store.graphql(page, { where: { id: { notIn: ids(1000) } } }).expect(200);
      expect(fineNot.body).toEqual({ data: { productPage: { pageInfo: { totalCount: 0 } } } });
      expect(await errorOf(page, { where: { id: { in: ids(1001) } } })).toEqual({
        code: 'FILTER_TOO_COMPLEX',
      });
      expect(await errorOf(page, { where: { sku: { notIn: ids(1001) } } })).toEqual({
        code: 'FILTER_TOO_COMPLEX',
      });
    });
  });
});
