import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startStoreApp, type StoreApp } from './support/store-app.js';

type Row = Record<string, unknown>;
type Headers = Record<string, string>;

const REPORT = `query($code: String!, $dimensions: [String!], $metrics: [String!], $where: JSON, $limit: Int) {
  report(code: $code, dimensions: $dimensions, metrics: $metrics, where: $where, limit: $limit) {
    columns { name type } rows
  }
}`;

/** `2025-03-17 10:00:00.000` or a Date → `2025-03-01`, in UTC. */
function monthOf(value: unknown): string {
  const date = value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T')}Z`);
  return `${date.toISOString().slice(0, 7)}-01`;
}

const cents = (value: unknown): number => Math.round(Number(value) * 100);
const money = (total: number): string => (total / 100).toFixed(2);
const byKey = (left: unknown[], right: unknown[]) =>
  JSON.stringify(left).localeCompare(JSON.stringify(right));

describe('reports', () => {
  let store: StoreApp;
  let db: DataSource;
  const sessions = new Map<string, Headers>();
  const as = async (email: string): Promise<Headers> => {
    if (!sessions.has(email)) sessions.set(email, await store.fullSession(email));
    return sessions.get(email)!;
  };
  async function report(email: string, variables: Row): Promise<{ columns: Row[]; rows: unknown[][] }> {
    const response = await store.graphql(REPORT, variables, await as(email));
    expect(response.body.errors).toBeUndefined();
    return response.body.data.report as { columns: Row[]; rows: unknown[][] };
  }
  async function refusal(email: string, variables: Row): Promise<{ code: string; message: string }> {
    const response = await store.graphql(REPORT, variables, await as(email));
    expect(response.body.data).toBeNull();
    return { code: response.body.errors[0].extensions.code, message: response.body.errors[0].message };
  }

  /** sales_overview computed by hand: every order of the company, grouped in JS. */
  async function salesByHand(companyId: number): Promise<unknown[][]> {
    const orders = await db.query<Row[]>(
      `SELECT o.created_at, c.country, o.total_amount FROM customer_order o JOIN customer c ON c.id = o.customer_id
        WHERE o.company_id = ${companyId}`,
    );
    const groups = new Map<string, { month: string; country: string; cents: number; orders: number }>();
    for (const order of orders) {
      const key = `${monthOf(order.created_at)}|${String(order.country)}`;
      const group = groups.get(key) ?? {
        month: monthOf(order.created_at),
        country: String(order.country),
        cents: 0,
        orders: 0,
      };
      group.cents += cents(order.total_amount);
      group.orders += 1;
      groups.set(key, group);
    }
    return [...groups.values()]
      .map((group) => [group.month, group.country, money(group.cents), group.orders])
      .sort(byKey);
  }

  beforeAll(async () => {
    store = await startStoreApp({ user: null });
    db = store.app.get(DataSource);
  });
  afterAll(() => store.close());

  it('sales_overview equals revenue and order counts computed by hand, per company', async () => {
    const acme = await report('catalog_admin@acme.example', { code: 'sales_overview' });
    expect(acme.columns).toEqual([
      { name: 'month', type: 'date' },
      { name: 'country', type: 'string' },
      { name: 'revenue', type: 'decimal' },
      { name: 'orders', type: 'int' },
    ]);
    expect(acme.rows.length).toBeGreaterThan(12);
    expect([...acme.rows].sort(byKey)).toEqual(await salesByHand(1));
    // Globex's own numbers, never Acme's.
    const globex = await report('catalog_admin@globex.example', { code: 'sales_overview' });
    expect([...globex.rows].sort(byKey)).toEqual(await salesByHand(2));
  });

  it('truncates dates to day, week (from Monday), quarter and year, and buckets numbers, the same on both databases', async () => {
    const orders = await db.query<Row[]>(`SELECT created_at FROM customer_order WHERE company_id = 1`);
    const utc = (value: unknown) =>
      value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T')}Z`);
    const day = (date: Date) => date.toISOString().slice(0, 10);
    const startOf = {
      day: (date: Date) => day(date),
      week: (date: Date) => day(new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * 86_400_000)),
      quarter: (date: Date) =>
        `${date.getUTCFullYear()}-${String(Math.floor(date.getUTCMonth() / 3) * 3 + 1).padStart(2, '0')}-01`,
      year: (date: Date) => `${date.getUTCFullYear()}-01-01`,
    };
    for (const unit of ['day', 'week', 'quarter', 'year'] as const) {
      const counts = new Map<string, number>();
      for (const order of orders) {
        const key = startOf[unit](utc(order.created_at));
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const shown = await report('catalog_admin@acme.example', {
        code: 'sales_overview',
        dimensions: [unit],
        metrics: ['orders'],
      });
      expect(shown.rows).toEqual([...counts.entries()].sort(byKey).map(([key, n]) => [key, n]));
    }
    const bands = await report('catalog_admin@acme.example', {
      code: 'stock_by_status',
      dimensions: ['price_band'],
      metrics: ['products'],
    });
    const prices = await db.query<Row[]>(`SELECT price FROM product WHERE company_id = 1`);
    const byBand = new Map<number, number>();
    for (const { price } of prices) {
      const band = Math.floor(Number(price) / 50) * 50;
      byBand.set(band, (byBand.get(band) ?? 0) + 1);
    }
    expect(bands.rows).toEqual([...byBand.entries()].sort(([left], [right]) => left - right));
  });

  it('product_mix equals items sold and revenue (quantity × unit price) by category', async () => {
    const mix = await report('catalog_admin@acme.example', { code: 'product_mix' });
    const items = await db.query<Row[]>(
      `SELECT cat.name AS category, i.quantity, i.unit_price FROM order_item i
         JOIN customer_order o ON o.id = i.order_id JOIN product p ON p.id = i.product_id
         JOIN category cat ON cat.id = p.category_id WHERE o.company_id = 1`,
    );
    const groups = new Map<string, { items: number; cents: number }>();
    for (const item of items) {
      const group = groups.get(String(item.category)) ?? { items: 0, cents: 0 };
      group.items += Number(item.quantity);
      group.cents += Number(item.quantity) * cents(item.unit_price);
      groups.set(String(item.category), group);
    }
    const expected = [...groups.entries()].map(([category, group]) => [
      category,
      group.items,
      money(group.cents),
    ]);
    expect([...mix.rows].sort(byKey)).toEqual(expected.sort(byKey));
    // Ordered by revenue, highest first (the dataset's default order).
    const revenues = mix.rows.map((row) => Number(row[2]));
    expect(revenues).toEqual([...revenues].sort((left, right) => right - left));
  });

  it('stock_by_status equals product counts and stock sums by status', async () => {
    const stock = await report('catalog_admin@acme.example', { code: 'stock_by_status' });
    const expected = await db.query<Row[]>(
      `SELECT status, COUNT(*) AS products, SUM(stock) AS stock FROM product WHERE company_id = 1 GROUP BY status ORDER BY status`,
    );
    expect(stock.rows).toEqual(expected.map((row) => [row.status, Number(row.products), Number(row.stock)]));
  });

  it('filters with the generated API filter language, within the company', async () => {
    const filtered = await report('catalog_admin@acme.example', {
      code: 'sales_overview',
      dimensions: ['status'],
      metrics: ['orders'],
      where: { status: { in: ['pending', 'confirmed'] } },
    });
    const [expected] = await db.query<Row[]>(
      `SELECT COUNT(*) AS n FROM customer_order WHERE company_id = 1 AND status IN ('pending', 'confirmed')`,
    );
    expect(filtered.rows.map((row) => row[0]).sort()).toEqual(['confirmed', 'pending']);
    expect(filtered.rows.reduce((sum, row) => sum + Number(row[1]), 0)).toBe(Number(expected.n));
  });

  it('refuses a dataset to a role without its permission', async () => {
    expect(await refusal('catalog_viewer@acme.example', { code: 'sales_overview' })).toMatchObject({
      code: 'FORBIDDEN',
    });
    const listed = await store.graphql(
      `{ reportDatasets { code } }`,
      undefined,
      await as('catalog_viewer@acme.example'),
    );
    expect(listed.body.data.reportDatasets).toEqual([{ code: 'customers_by_country' }]);
  });

  it('refuses a dimension or metric over a field the caller cannot read in clear', async () => {
    // Support reads customers with masked emails and no credit limit.
    const counted = await report('support@acme.example', { code: 'customers_by_country' });
    expect(counted.rows.length).toBeGreaterThan(0);
    expect(
      await refusal('support@acme.example', { code: 'customers_by_country', dimensions: ['email'] }),
    ).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('Customer.email') });
    expect(
      await refusal('support@acme.example', { code: 'customers_by_country', metrics: ['credit_limit'] }),
    ).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('Customer.creditLimit') });
    // The catalog admin reads both in clear.
    await report('catalog_admin@acme.example', { code: 'customers_by_country', metrics: ['credit_limit'] });
  });

  it('refuses more buckets than the cap, unknown names, and a limit above the cap', async () => {
    expect(
      await refusal('catalog_admin@acme.example', { code: 'stock_by_status', dimensions: ['product'] }),
    ).toEqual({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining('more than 50 buckets'),
    });
    const top = await report('catalog_admin@acme.example', {
      code: 'stock_by_status',
      dimensions: ['product'],
      limit: 5,
    });
    expect(top.rows).toHaveLength(5);
    expect(await refusal('catalog_admin@acme.example', { code: 'stock_by_status', limit: 51 })).toMatchObject(
      {
        code: 'BAD_USER_INPUT',
      },
    );
    expect(
      await refusal('catalog_admin@acme.example', { code: 'stock_by_status', metrics: ['profit'] }),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining('no metric "profit"'),
    });
    expect(await refusal('catalog_admin@acme.example', { code: 'nope' })).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('computes a percentile on PostgreSQL and says clearly that SQLite has none', async () => {
    const variables = { code: 'sales_overview', dimensions: ['quarter'], metrics: ['median_order'] };
    if (db.options.type === 'postgres') {
      const median = await report('catalog_admin@acme.example', variables);
      expect(median.columns[1]).toEqual({ name: 'median_order', type: 'float' });
      expect(median.rows.every((row) => typeof row[1] === 'number' && row[1] > 0)).toBe(true);
    } else {
      expect(await refusal('catalog_admin@acme.example', variables)).toEqual({
        code: 'BAD_USER_INPUT',
        message: expect.stringContaining('percentile needs PostgreSQL'),
      });
    }
  });

  it('serves a cached result until a write to the source model clears it', async () => {
    const variables = { code: 'stock_by_status', dimensions: ['status'], metrics: ['stock'] };
    const before = await report('catalog_admin@acme.example', variables);
    // Behind the API's back: the cache still answers the old numbers.
    await db.query(`UPDATE product SET stock = stock + 1000 WHERE company_id = 1 AND status = 'active'`);
    expect(await report('catalog_admin@acme.example', variables)).toEqual(before);
    // A write through the API clears it.
    const [product] = await db.query<Row[]>(
      `SELECT id FROM product WHERE company_id = 1 AND status = 'active' LIMIT 1`,
    );
    const updated = await store.graphql(
      `mutation($id: ID!) { updateProduct(id: $id, input: { stock: 7 }) { ok } }`,
      { id: String(product.id) },
      await as('catalog_admin@acme.example'),
    );
    expect(updated.body.data.updateProduct.ok).toBe(true);
    const after = await report('catalog_admin@acme.example', variables);
    expect(after).not.toEqual(before);
  });

  it('runs datasets admins store through the API, for their company only, validated when written', async () => {
    const admin = await as('admin@acme.example');
    const definition = {
      model: 'Order',
      permission: 'report.run',
      dimensions: { status: { path: 'status' } },
      metrics: { orders: { fn: 'count' }, revenue: { fn: 'sum', path: 'totalAmount' } },
    };
    const create = `mutation($input: CreateReportDefinitionInput!) {
      createReportDefinition(input: $input) { ok errors { field code message } reportDefinition { id code } }
    }`;
    const created = await store.graphql(create, { input: { code: 'orders_by_status', definition } }, admin);
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data.createReportDefinition.ok).toBe(true);

    const byStatus = await report('admin@acme.example', { code: 'orders_by_status' });
    const expected = await db.query<Row[]>(
      `SELECT status, COUNT(*) AS n FROM customer_order WHERE company_id = 1 GROUP BY status ORDER BY status`,
    );
    expect(byStatus.rows.map((row) => [row[0], row[1]])).toEqual(
      expected.map((row) => [row.status, Number(row.n)]),
    );
    // Acme's dataset does not exist for Globex.
    expect(await refusal('catalog_admin@globex.example', { code: 'orders_by_status' })).toMatchObject({
      code: 'NOT_FOUND',
    });

    const bad = await store.graphql(
      create,
      { input: { code: 'broken', definition: { ...definition, metrics: { orders: { fn: 'median' } } } } },
      admin,
    );
    expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.body.errors[0].message).toMatch(/^definition\.metrics\.orders\.fn/);
    const unknownModel = await store.graphql(
      create,
      { input: { code: 'nowhere', definition: { ...definition, model: 'Spaceship' } } },
      admin,
    );
    expect(unknownModel.body.errors[0].message).toMatch(/no model is named "Spaceship"/);
    const notAdmin = await store.graphql(
      create,
      { input: { code: 'mine', definition } },
      await as('catalog_admin@acme.example'),
    );
    expect(notAdmin.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('exports a report as CSV through a signed link', async () => {
    const headers = await as('catalog_admin@acme.example');
    const exported = await store.graphql(
      `mutation { reportExport(code: "stock_by_status", format: "csv") { url expiresAt } }`,
      undefined,
      headers,
    );
    expect(exported.body.errors).toBeUndefined();
    const file = await request(store.app.getHttpServer()).get(exported.body.data.reportExport.url as string);
    expect(file.status).toBe(200);
    const shown = await report('catalog_admin@acme.example', { code: 'stock_by_status' });
    expect(parse(file.text)).toEqual([
      ['status', 'products', 'stock'],
      ...shown.rows.map((row) => row.map(String)),
    ]);
  });
});
