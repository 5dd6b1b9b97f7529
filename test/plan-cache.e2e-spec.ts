import { RailExtensions } from '@rail/core';
import { SchemaRuntime } from '@rail/schema';
import { startStoreApp, type StoreApp } from './support/store-app.js';

// A request is planned once: the decisions of the extension points (operations,
// scopes, field read access) are asked for the first request of a principal and
// reused by its next ones. The extension points count what they are asked.

const ORDERS = `{ orders(orderBy: [{ id: ASC }], limit: 5, where: { totalAmount: { gte: "0" } }) {
  reference customer { name email } items { quantity product { name sku } } } }`;

describe('the plan cache', () => {
  let store: StoreApp;
  let extensions: RailExtensions;
  let runtime: SchemaRuntime;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    store = await startStoreApp();
    extensions = store.app.get(RailExtensions);
    runtime = store.app.get(SchemaRuntime);
  });
  afterAll(() => store.close());

  async function as(email: string, query: string) {
    if (!tokens.has(email)) tokens.set(email, (await store.signIn(email)).accessToken!);
    return store.graphql(query, undefined, { authorization: `Bearer ${tokens.get(email)}` }).expect(200);
  }

  const asked = () => ({ ...extensions.asked });

  it('asks the extension points nothing for a second identical request', async () => {
    const before = asked();
    const first = await as('sales@acme.example', ORDERS);
    expect(first.body.errors).toBeUndefined();
    const afterFirst = asked();
    // The first request did ask: the counters count.
    expect(afterFirst.authorize).toBeGreaterThan(before.authorize);
    expect(afterFirst.scopeConditions).toBeGreaterThan(before.scopeConditions);
    expect(afterFirst.fieldReadAccess).toBeGreaterThan(before.fieldReadAccess);
    const second = await as('sales@acme.example', ORDERS);
    expect(second.body).toEqual(first.body);
    expect(asked()).toEqual(afterFirst);
  });

  it('compiles no SQL for a second identical request: every statement comes from the plan cache', async () => {
    await as('sales@acme.example', ORDERS);
    const before = { ...runtime.plans.stats };
    const again = await as('sales@acme.example', ORDERS);
    expect(again.body.errors).toBeUndefined();
    // The orders with their customers, the items with their products: two compiled reads, both reused.
    expect(runtime.plans.stats.misses).toBe(before.misses);
    expect(runtime.plans.stats.hits).toBe(before.hits + 2);
  });

  it('binds other filter values into the compiled statements of the same shape', async () => {
    const ranked = (minimum: string, quantity: number) =>
      `{ orders(orderBy: [{ id: ASC }], limit: 50, where: { totalAmount: { gte: "${minimum}" } }) {
        reference totalAmount items(where: { quantity: { gte: ${quantity} } }) { quantity } } }`;
    const all = await as('sales@acme.example', ranked('0', 1));
    const before = { ...runtime.plans.stats };
    const orders = all.body.data.orders as Array<{ totalAmount: string; items: Array<{ quantity: number }> }>;
    const median = [...orders.map((order) => Number(order.totalAmount))].sort((a, b) => a - b)[
      Math.floor(orders.length / 2)
    ];
    const largest = Math.max(...orders.flatMap((order) => order.items.map((item) => item.quantity)));
    const fewer = await as('sales@acme.example', ranked(String(median), largest));
    // Both statements reused, none compiled, and the new values were the ones that ran.
    expect(runtime.plans.stats).toEqual({ hits: before.hits + 2, misses: before.misses });
    const kept = fewer.body.data.orders as typeof orders;
    expect(kept.length).toBeGreaterThan(0);
    // The first values let smaller orders through; the second ones, bound into the same statement, did not.
    expect(orders.some((order) => Number(order.totalAmount) < median)).toBe(true);
    expect(kept.every((order) => Number(order.totalAmount) >= median)).toBe(true);
    expect(kept.flatMap((order) => order.items).every((item) => item.quantity === largest)).toBe(true);
    expect(kept.flatMap((order) => order.items).length).toBeGreaterThan(0);
  });

  it("reuses a report's compiled statement for other filter values", async () => {
    const headers = await store.fullSession('catalog_admin@acme.example');
    const ordersAbove = async (minimum: string) => {
      const response = await store.graphql(
        `query($where: JSON) { report(code: "sales_overview", dimensions: ["country"], metrics: ["orders"], where: $where) { rows } }`,
        { where: { totalAmount: { gte: minimum } } },
        headers,
      );
      expect(response.body.errors).toBeUndefined();
      const rows = response.body.data.report.rows as Array<[string, number]>;
      return rows.reduce((total, [, orders]) => total + orders, 0);
    };
    const all = await ordersAbove('0');
    const before = { ...runtime.plans.stats };
    const some = await ordersAbove('200');
    expect(runtime.plans.stats).toEqual({ hits: before.hits + 1, misses: before.misses });
    expect(some).toBeGreaterThan(0);
    expect(some).toBeLessThan(all);
  });

  it('compiles afresh when the filter changes shape, not only values', async () => {
    const withNull = (isNull: boolean) =>
      `{ orders(limit: 5, where: { notes: { isNull: ${isNull} } }) { id } }`;
    const instants = (count: number) =>
      `{ orders(limit: 5, where: { createdAt: { in: [${Array.from({ length: count }, () => '"2026-01-01T00:00:00.000Z"').join(', ')}] } }) { id } }`;
    for (const query of [withNull(true), withNull(false), instants(1), instants(2)]) {
      const before = runtime.plans.stats.misses;
      const response = await as('sales@acme.example', query);
      expect(response.body.errors).toBeUndefined();
      // isNull true and false are different SQL; so is one timestamp range more.
      expect(runtime.plans.stats.misses).toBe(before + 1);
    }
  });

  it('asks again for another principal, and answers it by its own rules', async () => {
    await as('catalog_admin@acme.example', ORDERS);
    const before = asked();
    const other = await as('support@acme.example', ORDERS);
    expect(other.body.errors).toBeUndefined();
    expect(asked().fieldReadAccess).toBeGreaterThan(before.fieldReadAccess);
    // support sees customer emails masked, catalog_admin in clear: no decision crossed over.
    const admin = await as('catalog_admin@acme.example', ORDERS);
    const emails = (body: { data: { orders: Array<{ customer: { email: string } }> } }) =>
      body.data.orders.map((order) => order.customer.email);
    expect(emails(admin.body).some((email) => email.includes('*'))).toBe(false);
    expect(emails(other.body).every((email) => email.includes('*'))).toBe(true);
  });

  it('asks again on every denied request, so that each attempt is recorded', async () => {
    const denied = async () => {
      const response = await as('catalog_viewer@acme.example', '{ orders(limit: 1) { id } }');
      expect(response.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    };
    await denied();
    const before = asked().authorize;
    await denied();
    expect(asked().authorize).toBeGreaterThan(before);
  });
});
