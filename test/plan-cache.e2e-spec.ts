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
    // Another filter value is another plan.
    await as('sales@acme.example', ORDERS.replace('"0"', '"1"'));
    expect(runtime.plans.stats.misses).toBeGreaterThan(before.misses);
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
