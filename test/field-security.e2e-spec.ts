import { FieldVisibility } from '@rail/field-security';
import { DataSource } from 'typeorm';
import { startStoreApp, type StoreApp } from './support/store-app.js';

type Graphql = (query: string) => Promise<{
  body: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; extensions: Record<string, unknown> }>;
    extensions?: Record<string, unknown>;
  };
}>;

const CUSTOMER_FIELDS = 'name email phone creditLimit';

/** What each role sees of customers and product cost prices (docs/sample-store.md). */
const matrix = {
  catalog_viewer: { email: 'hidden', phone: 'hidden', creditLimit: 'hidden', costPrice: 'hidden' },
  support: { email: 'masked', phone: 'masked', creditLimit: 'hidden', costPrice: 'hidden' },
  sales: { email: 'masked', phone: 'masked', creditLimit: 'hidden', costPrice: 'hidden' },
  catalog_admin: { email: 'visible', phone: 'visible', creditLimit: 'visible', costPrice: 'visible' },
} as const;

type Visibility = 'visible' | 'masked' | 'hidden';

function expectVisibility(actual: unknown, stored: unknown, visibility: Visibility): void {
  if (visibility === 'visible') expect(actual).toEqual(stored);
  else if (visibility === 'hidden') expect(actual).toBeNull();
  else {
    expect(typeof actual).toBe('string');
    expect(actual).not.toEqual(stored);
    expect(actual).toContain('***');
  }
}

describe('field policies', () => {
  let store: StoreApp;
  let db: DataSource;
  const clients = new Map<string, Graphql>();
  async function as(role: string): Promise<Graphql> {
    const existing = clients.get(role);
    if (existing) return existing;
    const headers = await store.fullSession(`${role}@acme.example`);
    const client: Graphql = async (query) => store.graphql(query, {}, headers);
    clients.set(role, client);
    return client;
  }
  let stored: { id: string; email: string; phone: string; creditLimit: string };
  let storedCost: { id: string; costPrice: string };
  const money = (value: unknown) => Number(value).toFixed(2);

  beforeAll(async () => {
    store = await startStoreApp({ user: null });
    db = store.app.get(DataSource);
    const [customer] = await db.query<Record<string, unknown>[]>(
      'SELECT id, email, phone, credit_limit FROM customer WHERE company_id = 1 AND phone IS NOT NULL ORDER BY id LIMIT 1',
    );
    stored = {
      id: String(customer.id),
      email: String(customer.email),
      phone: String(customer.phone),
      creditLimit: money(customer.credit_limit),
    };
    const [product] = await db.query<Record<string, unknown>[]>(
      'SELECT id, cost_price FROM product WHERE company_id = 1 ORDER BY id LIMIT 1',
    );
    storedCost = { id: String(product.id), costPrice: money(product.cost_price) };
  });
  afterAll(() => store.close());

  describe.each(Object.entries(matrix))('as %s', (role, expected) => {
    it('lists, retrieve and relation fields show each field as the matrix says', async () => {
      const client = await as(role);
      const list = await client(
        `{ customers(where: { id: { eq: "${stored.id}" } }) { ${CUSTOMER_FIELDS} } customer(id: "${stored.id}") { ${CUSTOMER_FIELDS} } product(id: "${storedCost.id}") { costPrice } }`,
      );
      expect(list.body.errors).toBeUndefined();
      for (const customer of [
        (list.body.data!.customers as Record<string, unknown>[])[0],
        list.body.data!.customer as Record<string, unknown>,
      ]) {
        expectVisibility(customer.email, stored.email, expected.email);
        expectVisibility(customer.phone, stored.phone, expected.phone);
        expectVisibility(customer.creditLimit, stored.creditLimit, expected.creditLimit);
      }
      expectVisibility(
        (list.body.data!.product as { costPrice: unknown }).costPrice,
        storedCost.costPrice,
        expected.costPrice,
      );
      const withheld = list.body.extensions?.withheldFields as
        { masked: string[]; hidden: string[] } | undefined;
      if (role === 'catalog_admin') expect(withheld).toBeUndefined();
      else {
        // Exact response paths, so a UI can mark each withheld value.
        const paths = (visibility: Visibility) =>
          ['customers.0', 'customer'].flatMap((at) =>
            (['email', 'phone', 'creditLimit'] as const)
              .filter((f) => expected[f] === visibility)
              .map((f) => `${at}.${f}`),
          );
        expect(withheld?.hidden).toEqual(
          [...paths('hidden'), ...(expected.costPrice === 'hidden' ? ['product.costPrice'] : [])].sort(),
        );
        expect(withheld?.masked ?? []).toEqual(paths('masked').sort());
      }
    });

    it('nested relation fields follow the same rules (order.customer.email)', async () => {
      const client = await as(role);
      const orders = await client(
        `{ orders(where: { customerId: { eq: "${stored.id}" } }, limit: 1) { customer { email phone } } }`,
      );
      if (role === 'catalog_viewer') {
        // Without order.view the orders themselves are refused, so no customer leaks through them.
        expect(orders.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
        return;
      }
      expect(orders.body.errors).toBeUndefined();
      const customer = (orders.body.data!.orders as Array<{ customer: Record<string, unknown> }>)[0].customer;
      expectVisibility(customer.email, stored.email, expected.email);
      expectVisibility(customer.phone, stored.phone, expected.phone);
    });

    it('filtering, ordering and quick search cannot probe what the role may not read in clear', async () => {
      const client = await as(role);
      const filter = await client(
        `{ customers(where: { email: { startsWith: "${stored.email.slice(0, 3)}" } }) { id } }`,
      );
      const order = await client('{ products(orderBy: [{ costPrice: DESC }], limit: 1) { id } }');
      const quick = await client(`{ customers(where: { quick: "${stored.email}" }) { id } }`);
      if (expected.email === 'visible') {
        expect(filter.body.errors).toBeUndefined();
        expect(quick.body.data!.customers).toEqual(expect.arrayContaining([{ id: stored.id }]));
      } else {
        expect(filter.body.errors?.[0]?.extensions).toMatchObject({
          code: 'FORBIDDEN',
          field: 'Customer.email',
        });
        // Quick search skips the field: the exact email finds nothing.
        expect(quick.body.data!.customers).toEqual([]);
      }
      if (expected.costPrice === 'visible') expect(order.body.errors).toBeUndefined();
      else
        expect(order.body.errors?.[0]?.extensions).toMatchObject({
          code: 'FORBIDDEN',
          field: 'Product.costPrice',
        });
    });

    it('fieldAccess(model) tells the UI the same', async () => {
      const client = await as(role);
      const response = await client('{ fieldAccess(model: "Customer") { field read writable } }');
      const access = Object.fromEntries(
        (response.body.data!.fieldAccess as Array<{ field: string; read: string }>).map((f) => [
          f.field,
          f.read,
        ]),
      );
      expect(access).toEqual({
        email: expected.email,
        phone: expected.phone,
        creditLimit: expected.creditLimit,
      });
    });
  });

  it('FieldVisibility gives other paths (exports, webhooks, audit) the same answer', () => {
    const visibility = store.app.get(FieldVisibility);
    const row = { name: 'Jane', email: stored.email, phone: stored.phone, creditLimit: stored.creditLimit };
    const principal = (roles: string[]) => ({ userId: '1', companyId: '1', roles, authMethods: ['pwd'] });
    expect(visibility.project(principal(['catalog_admin']), 'Customer', row)).toEqual(row);
    const support = visibility.project(principal(['support']), 'Customer', row);
    expect(support).toMatchObject({ name: 'Jane', creditLimit: null });
    expect(support.email).toContain('***');
    expect(visibility.project(principal(['catalog_viewer']), 'Customer', row)).toEqual({
      name: 'Jane',
      email: null,
      phone: null,
      creditLimit: null,
    });
  });

  it('mutation payloads are policed like reads', async () => {
    const sales = await as('sales');
    const response = await sales(
      `mutation { updateOrder(id: "${await ownPendingOrder()}", input: { notes: "x" }) { order { customer { email } } } }`,
    );
    expect(response.body.errors).toBeUndefined();
    const email = (response.body.data!.updateOrder as { order: { customer: { email: string } } }).order
      .customer.email;
    expect(email).toContain('***');
  });

  async function ownPendingOrder(): Promise<string> {
    const [row] = await db.query<{ id: number }[]>(
      "SELECT o.id FROM customer_order o JOIN app_user u ON u.id = o.owner_id WHERE u.email = 'sales@acme.example' AND o.status = 'pending' ORDER BY o.id LIMIT 1",
    );
    return String(row.id);
  }

  it('reject mode: catalog_editor writing costPrice is refused and nothing changes', async () => {
    const editor = await as('catalog_editor');
    const response = await editor(
      `mutation { updateProduct(id: "${storedCost.id}", input: { costPrice: "1.00", stock: 5 }) { ok } }`,
    );
    expect(response.body.errors?.[0]).toMatchObject({
      message: 'You may not write Product.costPrice',
      extensions: { code: 'FORBIDDEN' },
    });
    const [row] = await db.query<{ cost_price: unknown }[]>(
      `SELECT cost_price FROM product WHERE id = ${storedCost.id}`,
    );
    expect(money(row.cost_price)).toBe(storedCost.costPrice);
    // Nested inputs are checked with the related model's policies.
    const nested = await editor(
      'mutation { updateCategory(id: "2", input: { products: { create: [{ name: "Nested", sku: "NEST-1", price: "1.00", costPrice: "0.50" }] } }) { ok } }',
    );
    expect(nested.body.errors?.[0]).toMatchObject({
      message: 'You may not write Product.costPrice',
      extensions: { code: 'FORBIDDEN' },
    });
    const [nestedRow] = await db.query<unknown[]>("SELECT id FROM product WHERE sku = 'NEST-1'");
    expect(nestedRow).toBeUndefined();
    const created = await editor(
      'mutation { createProduct(input: { categoryId: "2", name: "No cost yet", sku: "EDIT-1", price: "3.00" }) { ok errors { field message } } }',
    );
    expect(created.body.data!.createProduct).toEqual({ ok: true, errors: [] });
  });
});

describe('field policies in strip mode', () => {
  let store: StoreApp;
  beforeAll(async () => {
    store = await startStoreApp({ user: null, env: { RAIL_FIELD_WRITE_MODE: 'strip' } });
  });
  afterAll(() => store.close());

  it('drops the field catalog_editor may not write and writes the rest', async () => {
    const db = store.app.get(DataSource);
    const [before] = await db.query<{ id: number; cost_price: unknown }[]>(
      'SELECT id, cost_price FROM product WHERE company_id = 1 ORDER BY id LIMIT 1',
    );
    const headers = await store.fullSession('catalog_editor@acme.example');
    const response = await store.graphql(
      `mutation { updateProduct(id: "${before.id}", input: { costPrice: "1.00", stock: 42 }) { ok product { stock } } }`,
      {},
      headers,
    );
    expect(response.body.data.updateProduct).toEqual({ ok: true, product: { stock: 42 } });
    const [after] = await db.query<{ cost_price: unknown; stock: number }[]>(
      `SELECT cost_price, stock FROM product WHERE id = ${before.id}`,
    );
    expect(Number(after.cost_price)).toBe(Number(before.cost_price));
    expect(Number(after.stock)).toBe(42);
  });
});
