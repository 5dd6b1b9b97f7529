import { DataSource } from 'typeorm';
import { startStoreApp, type StoreApp } from './support/store-app.js';

// Ordering, paging, single-row reads, relation fields and the number of SQL
// statements a read costs, checked against raw SELECTs on the seeded data.
// Every read is tenant-scoped: the test user (catalog_admin@acme.example) sees
// only the rows of its company, Acme (company 1: products 1–500, categories
// 1–11, orders 1–1000), so the raw SELECTs are restricted to company 1.

interface ItemRow {
  id: number;
  orderId: number;
  productId: number;
  quantity: number;
  cents: number;
}

const cents = (value: unknown): number => Math.round(Number(value) * 100);
const money = (value: number): string => `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`;
type GraphQLData = Record<string, ReturnType<typeof JSON.parse>>;
interface OrderItems {
  id: string;
  top: { id: string; unitPrice: string }[];
  big: { id: string; quantity: number }[];
  all: { id: string }[];
}
const PAGE_INFO = 'pageInfo { totalCount pageCount currentPage perPage hasNextPage hasPreviousPage }';

describe('generated read API: ordering, paging and relations', () => {
  let store: StoreApp;
  let db: DataSource;
  let items: ItemRow[];
  /** Headers of an admin@acme.example session with an enrolled authenticator (admin alone has user.view). */
  let adminHeaders: Record<string, string>;

  beforeAll(async () => {
    store = await startStoreApp();
    db = store.app.get(DataSource);
    adminHeaders = await store.fullSession('admin@acme.example');
    // Order items belong to the company of their order.
    items = (
      await db.query<Record<string, unknown>[]>(
        `SELECT i.id, i.order_id, i.product_id, i.quantity, i.unit_price FROM order_item i
         JOIN customer_order o ON o.id = i.order_id WHERE o.company_id = 1 ORDER BY i.id`,
      )
    ).map((row) => ({
      id: Number(row.id),
      orderId: Number(row.order_id),
      productId: Number(row.product_id),
      quantity: Number(row.quantity),
      cents: cents(row.unit_price),
    }));
  });
  afterAll(() => store.close());

  /** Ids from a raw SELECT whose first column is the id. */
  async function sqlIds(sql: string): Promise<number[]> {
    return (await db.query<{ id: unknown }[]>(sql)).map((row) => Number(row.id));
  }

  /** The `data` of a successful answer (untyped JSON, as supertest parses it). */
  async function data(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLData> {
    const response = await store.graphql(query, variables, headers).expect(200);
    expect(response.body.errors).toBeUndefined();
    return response.body.data as GraphQLData;
  }

  /** Every id of a list in the API's order, read page by page through `<model>Page`. */
  async function pagedIds(page: string, orderBy: unknown, orderType: string): Promise<number[]> {
    const ids: number[] = [];
    for (let number = 1; ; number++) {
      const result = await data(
        `query ($orderBy: [${orderType}!], $page: Int!) {
           ${page}(orderBy: $orderBy, page: $page, perPage: 100) { items { id } pageInfo { currentPage hasNextPage } }
         }`,
        { orderBy, page: number },
      );
      expect(result[page].pageInfo.currentPage).toBe(number);
      ids.push(...(result[page].items as { id: string }[]).map((row) => Number(row.id)));
      if (!result[page].pageInfo.hasNextPage) return ids;
    }
  }

  async function errorCode(query: string, variables?: Record<string, unknown>): Promise<string> {
    const response = await store.graphql(query, variables);
    expect(response.body.errors).toHaveLength(1);
    return response.body.errors[0].extensions.code as string;
  }

  describe('single rows', () => {
    it('product(id) returns the row, with its relation', async () => {
      const [row] = await db.query<Record<string, unknown>[]>(
        `SELECT p.name, p.sku, p.price, p.stock, c.name AS category FROM product p
         JOIN category c ON c.id = p.category_id WHERE p.id = 42`,
      );
      const result = await data('{ product(id: "42") { id name sku price stock category { name } } }');
      expect(result.product).toEqual({
        id: '42',
        name: row.name,
        sku: row.sku,
        price: money(cents(row.price)),
        stock: Number(row.stock),
        category: { name: row.category },
      });
    });

    it('category(id): a root has no parent, a leaf its parent; children are listed', async () => {
      const result = await data(
        `{ root: category(id: "1") { name parent { name } children(orderBy: [{ id: ASC }]) { id name } }
           leaf: category(id: "2") { name parent { name } children { id } } }`,
      );
      const children = await db.query<{ id: unknown; name: string }[]>(
        'SELECT id, name FROM category WHERE parent_id = 1 ORDER BY id',
      );
      expect(children.length).toBeGreaterThan(0);
      expect(result).toEqual({
        root: {
          name: 'Tools',
          parent: null,
          children: children.map((child) => ({ id: String(child.id), name: child.name })),
        },
        leaf: { name: 'Power tools', parent: { name: 'Tools' }, children: [] },
      });
    });

    it('a missing id gives null, not an error', async () => {
      // Read by the admin, as only admin may read users.
      const result = await data(
        '{ product(id: "999999") { id name } order(id: "0") { id } category(id: "23") { id } user(id: "13") { id } }',
        undefined,
        adminHeaders,
      );
      expect(result).toEqual({ product: null, order: null, category: null, user: null });
      // A row of company 2 is missing too, for the test user as for the admin.
      const [other] = await db.query<Record<string, unknown>[]>(
        `SELECT (SELECT company_id FROM product WHERE id = 501) AS product,
                (SELECT company_id FROM customer_order WHERE id = 1001) AS "order",
                (SELECT company_id FROM category WHERE id = 12) AS category,
                (SELECT company_id FROM app_user WHERE id = 12) AS "user"`,
      );
      expect(Object.values(other).map(Number)).toEqual([2, 2, 2, 2]);
      expect(
        await data('{ product(id: "501") { id } order(id: "1001") { id } category(id: "12") { id } }'),
      ).toEqual({ product: null, order: null, category: null });
      expect(
        await data(
          '{ product(id: "501") { id } order(id: "1001") { id } category(id: "12") { id } user(id: "12") { id } }',
          undefined,
          adminHeaders,
        ),
      ).toEqual({ product: null, order: null, category: null, user: null });
    });

    it('a malformed id is BAD_USER_INPUT', async () => {
      expect(await errorCode('{ product(id: "abc") { id } }')).toBe('BAD_USER_INPUT');
    });
  });

  describe('ordering', () => {
    it('by several keys, across pages: [{ price: DESC }, { name: ASC }]', async () => {
      const expected = await sqlIds(
        'SELECT id FROM product WHERE company_id = 1 ORDER BY price DESC, name ASC, id ASC',
      );
      expect(expected).toHaveLength(500);
      expect(await pagedIds('productPage', [{ price: 'DESC' }, { name: 'ASC' }], 'ProductOrderBy')).toEqual(
        expected,
      );
      // The same slice through offset and limit.
      const list = await data(
        '{ products(orderBy: [{ price: DESC }, { name: ASC }], offset: 250, limit: 100) { id } }',
      );
      expect(list.products.map((row: { id: string }) => Number(row.id))).toEqual(expected.slice(250, 350));
    });

    it('without orderBy, by primary key', async () => {
      const result = await data('{ products(offset: 37, limit: 5) { id } }');
      expect(result.products).toEqual(['38', '39', '40', '41', '42'].map((id) => ({ id })));
    });

    it('ties are broken by primary key, so paging neither repeats nor skips a row', async () => {
      for (const [orderBy, sql] of [
        [[{ status: 'ASC' }], 'SELECT id FROM product WHERE company_id = 1 ORDER BY status ASC, id ASC'],
        [[{ stock: 'DESC' }], 'SELECT id FROM product WHERE company_id = 1 ORDER BY stock DESC, id ASC'],
        [
          [{ isActive: 'DESC' }, { status: 'DESC' }],
          'SELECT id FROM product WHERE company_id = 1 ORDER BY is_active DESC, status DESC, id ASC',
        ],
      ] as const) {
        const ids = await pagedIds('productPage', orderBy, 'ProductOrderBy');
        expect(ids).toEqual(await sqlIds(sql));
        expect(new Set(ids).size).toBe(500);
      }
    });

    it('by a to-one relation, and through two relations', async () => {
      expect(
        await pagedIds('productPage', [{ category: { name: 'ASC' } }, { price: 'DESC' }], 'ProductOrderBy'),
      ).toEqual(
        await sqlIds(
          `SELECT p.id FROM product p JOIN category c ON c.id = p.category_id
           WHERE p.company_id = 1 ORDER BY c.name ASC, p.price DESC, p.id ASC`,
        ),
      );
      const orders = await data(
        `{ orders(orderBy: [{ customer: { country: DESC } }, { customer: { name: ASC } }, { totalAmount: DESC }], limit: 100) { id } }`,
      );
      expect(orders.orders.map((row: { id: string }) => Number(row.id))).toEqual(
        await sqlIds(
          `SELECT o.id FROM customer_order o JOIN customer c ON c.id = o.customer_id
           WHERE o.company_id = 1 ORDER BY c.country DESC, c.name ASC, o.total_amount DESC, o.id ASC LIMIT 100`,
        ),
      );
      const items = await data(
        '{ orderItems(orderBy: [{ product: { category: { name: DESC } } }, { quantity: ASC }], limit: 100) { id } }',
      );
      expect(items.orderItems.map((row: { id: string }) => Number(row.id))).toEqual(
        await sqlIds(
          `SELECT i.id FROM order_item i JOIN customer_order o ON o.id = i.order_id
           JOIN product p ON p.id = i.product_id JOIN category c ON c.id = p.category_id
           WHERE o.company_id = 1 ORDER BY c.name DESC, i.quantity ASC, i.id ASC LIMIT 100`,
        ),
      );
    });

    it('puts NULLs last ascending and first descending, also through an optional relation', async () => {
      const order = async (orderBy: string): Promise<number[]> => {
        const rows: { id: string }[] = (await data(`{ categories(orderBy: ${orderBy}, limit: 100) { id } }`))
          .categories;
        return rows.map((row) => Number(row.id));
      };
      const roots = await sqlIds(
        'SELECT id FROM category WHERE company_id = 1 AND parent_id IS NULL ORDER BY id',
      );
      expect(roots).toHaveLength(4);
      const ascending = await order('[{ parentId: ASC }]');
      expect(ascending).toEqual(
        await sqlIds(
          `SELECT id FROM category WHERE company_id = 1
           ORDER BY CASE WHEN parent_id IS NULL THEN 1 ELSE 0 END, parent_id ASC, id ASC`,
        ),
      );
      expect(ascending.slice(-roots.length)).toEqual(roots);
      const descending = await order('[{ parentId: DESC }]');
      expect(descending).toEqual(
        await sqlIds(
          `SELECT id FROM category WHERE company_id = 1
           ORDER BY CASE WHEN parent_id IS NULL THEN 0 ELSE 1 END, parent_id DESC, id ASC`,
        ),
      );
      expect(descending.slice(0, roots.length)).toEqual(roots);
      expect(await order('[{ parent: { name: ASC } }, { name: DESC }]')).toEqual(
        await sqlIds(
          `SELECT c.id FROM category c LEFT JOIN category pc ON pc.id = c.parent_id WHERE c.company_id = 1
           ORDER BY CASE WHEN pc.name IS NULL THEN 1 ELSE 0 END, pc.name ASC, c.name DESC, c.id ASC`,
        ),
      );
      expect(await order('[{ parent: { name: DESC } }, { name: ASC }]')).toEqual(
        await sqlIds(
          `SELECT c.id FROM category c LEFT JOIN category pc ON pc.id = c.parent_id WHERE c.company_id = 1
           ORDER BY CASE WHEN pc.name IS NULL THEN 0 ELSE 1 END, pc.name DESC, c.name ASC, c.id ASC`,
        ),
      );
    });

    it('orders and filters together, with the filter on a relation', async () => {
      const result = await data(
        `{ products(where: { category: { name: { eq: "Cookware" } }, stock: { lt: 100 } },
                    orderBy: [{ stock: ASC }], limit: 100) { id } }`,
      );
      const expected = await sqlIds(
        `SELECT p.id FROM product p JOIN category c ON c.id = p.category_id
         WHERE p.company_id = 1 AND c.name = 'Cookware' AND p.stock < 100 ORDER BY p.stock ASC, p.id ASC`,
      );
      expect(expected.length).toBeGreaterThan(0);
      expect(result.products.map((row: { id: string }) => Number(row.id))).toEqual(expected);
    });

    it('an entry with no key or more than one key is BAD_USER_INPUT', async () => {
      for (const orderBy of [
        '[{ price: ASC, name: DESC }]',
        '[{}]',
        '[{ price: DESC }, { stock: ASC, id: ASC }]',
        '[{ category: {} }]',
        '[{ category: { name: ASC, id: DESC } }]',
      ]) {
        expect(await errorCode(`{ products(orderBy: ${orderBy}) { id } }`)).toBe('BAD_USER_INPUT');
      }
      expect(
        await errorCode('{ orders(limit: 2) { items(orderBy: [{ quantity: ASC, id: ASC }]) { id } } }'),
      ).toBe('BAD_USER_INPUT');
    });
  });

  describe('paging', () => {
    it('page 1 of 20 by default, then any page, with its neighbours', async () => {
      const first = await data(`{ productPage { items { id } ${PAGE_INFO} } }`);
      expect(first.productPage.items).toHaveLength(20);
      expect(first.productPage.items[0]).toEqual({ id: '1' });
      expect(first.productPage.pageInfo).toEqual({
        totalCount: 500,
        pageCount: 25,
        currentPage: 1,
        perPage: 20,
        hasNextPage: true,
        hasPreviousPage: false,
      });
      const middle = await data(`{ productPage(page: 3, perPage: 30) { items { id } ${PAGE_INFO} } }`);
      expect(middle.productPage.items.map((row: { id: string }) => Number(row.id))).toEqual(
        Array.from({ length: 30 }, (_, index) => 61 + index),
      );
      expect(middle.productPage.pageInfo).toEqual({
        totalCount: 500,
        pageCount: 17,
        currentPage: 3,
        perPage: 30,
        hasNextPage: true,
        hasPreviousPage: true,
      });
      const last = await data(`{ productPage(page: 5, perPage: 100) { items { id } ${PAGE_INFO} } }`);
      expect(last.productPage.items.map((row: { id: string }) => Number(row.id))).toEqual(
        Array.from({ length: 100 }, (_, index) => 401 + index),
      );
      expect(last.productPage.pageInfo).toMatchObject({ currentPage: 5, pageCount: 5, hasNextPage: false });
    });

    it('a page past the end is clamped to the last page', async () => {
      const result = await data(`{ productPage(page: 1000, perPage: 7) { items { id } ${PAGE_INFO} } }`);
      expect(result.productPage).toEqual({
        items: [498, 499, 500].map((id) => ({ id: String(id) })),
        pageInfo: {
          totalCount: 500,
          pageCount: 72,
          currentPage: 72,
          perPage: 7,
          hasNextPage: false,
          hasPreviousPage: true,
        },
      });
      const expected = await sqlIds(
        'SELECT id FROM product WHERE company_id = 1 AND stock < 20 ORDER BY price ASC, id ASC',
      );
      const filtered = await data(
        `{ productPage(where: { stock: { lt: 20 } }, orderBy: [{ price: ASC }], page: 99, perPage: 10) {
             items { id } ${PAGE_INFO} } }`,
      );
      const pageCount = Math.ceil(expected.length / 10);
      expect(filtered.productPage.pageInfo).toEqual({
        totalCount: expected.length,
        pageCount,
        currentPage: pageCount,
        perPage: 10,
        hasNextPage: false,
        hasPreviousPage: pageCount > 1,
      });
      expect(filtered.productPage.items.map((row: { id: string }) => Number(row.id))).toEqual(
        expected.slice((pageCount - 1) * 10),
      );
    });

    it('no rows is page 1 of 0, whatever page was asked', async () => {
      for (const page of [1, 5]) {
        const result = await data(
          `{ productPage(where: { sku: { eq: "NO-SUCH-SKU" } }, page: ${page}) { items { id } ${PAGE_INFO} } }`,
        );
        expect(result.productPage).toEqual({
          items: [],
          pageInfo: {
            totalCount: 0,
            pageCount: 0,
            currentPage: 1,
            perPage: 20,
            hasNextPage: false,
            hasPreviousPage: false,
          },
        });
      }
    });

    it('an offset past the end gives an empty list', async () => {
      // Company 1 has products 1 to 500; company 2's 501 to 1000 are not the test user's.
      expect(await data('{ products(offset: 500, limit: 10) { id } }')).toEqual({ products: [] });
      expect(await data('{ products(offset: 1000, limit: 10) { id } }')).toEqual({ products: [] });
      expect(await data('{ products(offset: 495, limit: 10) { id } }')).toEqual({
        products: [496, 497, 498, 499, 500].map((id) => ({ id: String(id) })),
      });
    });

    it('caps limit and perPage at 100', async () => {
      expect((await data('{ products(limit: 100) { id } }')).products).toHaveLength(100);
      expect((await data('{ productPage(perPage: 100) { items { id } } }')).productPage.items).toHaveLength(
        100,
      );
      expect(await errorCode('{ products(limit: 101) { id } }')).toBe('BAD_USER_INPUT');
      expect(await errorCode('{ productPage(perPage: 101) { items { id } } }')).toBe('BAD_USER_INPUT');
      expect(await errorCode('{ orders(limit: 1) { items(limit: 101) { id } } }')).toBe('BAD_USER_INPUT');
    });

    it('refuses negative values and page 0 with BAD_USER_INPUT', async () => {
      for (const query of [
        '{ products(limit: -1) { id } }',
        '{ products(offset: -1) { id } }',
        '{ productPage(perPage: -5) { items { id } } }',
        '{ productPage(page: 0) { items { id } } }',
        '{ productPage(page: -2) { pageInfo { totalCount } } }',
        '{ orders(limit: 1) { items(limit: -1) { id } } }',
      ]) {
        expect(await errorCode(query)).toBe('BAD_USER_INPUT');
      }
    });
  });

  describe('to-many relation fields', () => {
    const itemsOf = (orderId: number): ItemRow[] => items.filter((item) => item.orderId === orderId);

    it('items(limit: 2) applies the limit per order, not to the whole read', async () => {
      const result = await data(
        '{ orders(orderBy: [{ id: ASC }], limit: 100) { id items(limit: 2) { id } } }',
      );
      const orders = result.orders as { id: string; items: { id: string }[] }[];
      expect(orders).toHaveLength(100);
      for (const order of orders) {
        expect(order.items.map((item) => Number(item.id))).toEqual(
          itemsOf(Number(order.id))
            .slice(0, 2)
            .map((item) => item.id),
        );
      }
      expect(orders.every((order) => order.items.length <= 2)).toBe(true);
      expect(orders.filter((order) => order.items.length === 2).length).toBeGreaterThan(1);
      expect(orders.some((order) => order.items.length === 1)).toBe(true);
      expect(orders.some((order) => itemsOf(Number(order.id)).length > 2)).toBe(true);
    });

    it('items(where, orderBy, limit) per order', async () => {
      const result = await data(
        `{ orders(orderBy: [{ id: ASC }], offset: 100, limit: 100) {
             id
             top: items(orderBy: [{ unitPrice: DESC }], limit: 2) { id unitPrice }
             big: items(where: { quantity: { gte: 5 } }, orderBy: [{ quantity: DESC }], limit: 1) { id quantity }
             all: items { id }
         } }`,
      );
      for (const order of result.orders as OrderItems[]) {
        const own = itemsOf(Number(order.id));
        const top = [...own].sort((a, b) => b.cents - a.cents || a.id - b.id).slice(0, 2);
        expect(order.top).toEqual(top.map((item) => ({ id: String(item.id), unitPrice: money(item.cents) })));
        const big = own
          .filter((item) => item.quantity >= 5)
          .sort((a, b) => b.quantity - a.quantity || a.id - b.id)
          .slice(0, 1);
        expect(order.big).toEqual(big.map((item) => ({ id: String(item.id), quantity: item.quantity })));
        expect(order.all).toEqual(own.map((item) => ({ id: String(item.id) })));
      }
      const orders = result.orders as OrderItems[];
      expect(orders.some((order) => order.big.length === 0)).toBe(true);
      expect(orders.some((order) => order.big.length === 1)).toBe(true);
    });

    it('aliases of one relation keep their own arguments', async () => {
      const result = await data(
        `{ orders(orderBy: [{ id: ASC }], limit: 30) {
             id
             first: items(limit: 1) { id }
             cheapest: items(orderBy: [{ unitPrice: ASC }], limit: 1) { id }
             byName: items(orderBy: [{ product: { name: ASC } }], limit: 2) { product { name } }
             buyer: customer { name }
             contact: customer { email }
         } }`,
      );
      const customers = new Map(
        (
          await db.query<{ id: unknown; name: string; email: string }[]>(
            `SELECT o.id, c.name, c.email FROM customer_order o JOIN customer c ON c.id = o.customer_id
             WHERE o.company_id = 1`,
          )
        ).map((row) => [Number(row.id), row]),
      );
      for (const order of result.orders as Record<string, unknown>[]) {
        const own = itemsOf(Number(order.id));
        expect(order.first).toEqual([{ id: String(own[0].id) }]);
        const cheapest = [...own].sort((a, b) => a.cents - b.cents || a.id - b.id)[0];
        expect(order.cheapest).toEqual([{ id: String(cheapest.id) }]);
        expect(order.buyer).toEqual({ name: customers.get(Number(order.id))!.name });
        expect(order.contact).toEqual({ email: customers.get(Number(order.id))!.email });
      }
      const byName = await db.query<{ order_id: unknown; name: string }[]>(
        `SELECT i.order_id, p.name FROM order_item i JOIN product p ON p.id = i.product_id
         WHERE i.order_id <= 30 ORDER BY i.order_id, p.name ASC, i.id ASC`,
      );
      // Product names sort in the database's collation, so the expectation comes from a raw ORDER BY.
      for (const order of result.orders as { id: string; byName: { product: { name: string } }[] }[]) {
        expect(order.byName.map((item) => item.product.name)).toEqual(
          byName
            .filter((row) => Number(row.order_id) === Number(order.id))
            .slice(0, 2)
            .map((row) => row.name),
        );
      }
    });

    it('category.products(limit: 3): each leaf its three dearest products, roots none', async () => {
      const result = await data(
        '{ categories(orderBy: [{ id: ASC }]) { id products(orderBy: [{ price: DESC }], limit: 3) { id } } }',
      );
      // Company 1's eleven categories: four roots and seven leaves.
      expect((result.categories as { id: string }[]).map((c) => Number(c.id))).toEqual(
        await sqlIds('SELECT id FROM category WHERE company_id = 1 ORDER BY id'),
      );
      expect(result.categories).toHaveLength(11);
      const rows = await db.query<{ id: unknown; category_id: unknown }[]>(
        'SELECT id, category_id FROM product WHERE company_id = 1 ORDER BY category_id, price DESC, id ASC',
      );
      for (const category of result.categories as { id: string; products: { id: string }[] }[]) {
        const expected = rows
          .filter((row) => Number(row.category_id) === Number(category.id))
          .slice(0, 3)
          .map((row) => ({ id: String(row.id) }));
        expect(category.products).toEqual(expected);
      }
      expect(
        (result.categories as { products: unknown[] }[]).filter((c) => c.products.length === 0),
      ).toHaveLength(4);
    });
  });

  describe('SQL statements per request', () => {
    const statements = (response: { headers: Record<string, string> }): number =>
      Number(response.headers['x-sql-statements']);
    const ORDERS = `query ($limit: Int!) {
      orders(orderBy: [{ id: ASC }], limit: $limit) {
        id reference
        customer { name country }
        items { quantity unitPrice product { name sku } }
      }
    }`;

    it('50 orders with customer and items with product: at most 4 statements, the same as for 5', async () => {
      const response = await store.graphql(ORDERS, { limit: 50 }).expect(200);
      expect(response.body.errors).toBeUndefined();
      expect(statements(response)).toBeGreaterThan(0);
      expect(statements(response)).toBeLessThanOrEqual(4);
      const few = await store.graphql(ORDERS, { limit: 5 }).expect(200);
      expect(statements(few)).toBe(statements(response));

      // And the data is right.
      const orders = await db.query<Record<string, unknown>[]>(
        `SELECT o.id, o.reference, c.name, c.country FROM customer_order o JOIN customer c ON c.id = o.customer_id
         WHERE o.company_id = 1 AND o.id <= 50 ORDER BY o.id`,
      );
      const lines = await db.query<Record<string, unknown>[]>(
        `SELECT i.order_id, i.quantity, i.unit_price, p.name, p.sku FROM order_item i JOIN product p ON p.id = i.product_id
         WHERE i.order_id <= 50 ORDER BY i.id`,
      );
      expect(response.body.data.orders).toEqual(
        orders.map((order) => ({
          id: String(order.id),
          reference: order.reference,
          customer: { name: order.name, country: order.country },
          items: lines
            .filter((line) => Number(line.order_id) === Number(order.id))
            .map((line) => ({
              quantity: Number(line.quantity),
              unitPrice: money(cents(line.unit_price)),
              product: { name: line.name, sku: line.sku },
            })),
        })),
      );
    });

    it('100 products with their category: at most 2 statements', async () => {
      const response = await store
        .graphql('{ products(limit: 100) { id name category { name } } }')
        .expect(200);
      expect(statements(response)).toBeGreaterThan(0);
      expect(statements(response)).toBeLessThanOrEqual(2);
      const rows = await db.query<Record<string, unknown>[]>(
        `SELECT p.id, p.name, c.name AS category FROM product p JOIN category c ON c.id = p.category_id
         WHERE p.company_id = 1 AND p.id <= 100 ORDER BY p.id`,
      );
      expect(response.body.data.products).toEqual(
        rows.map((row) => ({ id: String(row.id), name: row.name, category: { name: row.category } })),
      );
    });
  });
});
