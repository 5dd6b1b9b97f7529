import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RequestContext } from '@rail/core';
import { DataSource, type EntitySubscriberInterface } from 'typeorm';
import { startStoreApp, type StoreApp } from './support/store-app.js';

// The SQL the generated API sends is part of its contract with the database: each
// representative request's statements are committed, per dialect, so any change to
// generated SQL is a visible diff in review. Only the text is kept: values are bound
// parameters, never part of it. RAIL_UPDATE_SQL=1 rewrites the file of the dialect
// the run uses (embedded: sqlite, DATABASE_URL: postgres).

interface Case {
  readonly name: string;
  readonly user: string;
  readonly query: string;
}

const CASES: readonly Case[] = [
  {
    name: 'flat list',
    user: 'catalog_admin@acme.example',
    query: '{ products(orderBy: [{ id: ASC }], limit: 3) { id name sku price } }',
  },
  {
    name: 'nested orders with customer and items with product',
    user: 'catalog_admin@acme.example',
    query: `{ orders(orderBy: [{ id: ASC }], limit: 2) { reference customer { name country }
      items { quantity unitPrice product { name sku } } } }`,
  },
  {
    name: 'relation filter (to-one) and ordering',
    user: 'catalog_admin@acme.example',
    query: `{ products(where: { category: { name: { startsWith: "B" } } }, orderBy: [{ price: DESC }, { id: ASC }], limit: 2) { id } }`,
  },
  {
    name: 'some / every / none on a to-many relation',
    user: 'catalog_admin@acme.example',
    query: `{ orders(where: { items: { some: { quantity: { gte: 3 } }, every: { unitPrice: { gt: "0" } }, none: { productId: { eq: "1" } } } }, limit: 2) { id } }`,
  },
  {
    name: 'masked and hidden fields (support reads customers)',
    user: 'support@acme.example',
    query: '{ customers(orderBy: [{ id: ASC }], limit: 2) { name email phone } }',
  },
  {
    name: 'tenant and owner scope (sales updates an order)',
    user: 'sales@acme.example',
    query: 'mutation { updateOrder(id: "1", input: { notes: "snapshot" }) { ok errors { code } } }',
  },
  {
    name: 'a report (two dimensions, two metrics)',
    user: 'catalog_admin@acme.example',
    query: `{ report(code: "sales_overview", dimensions: ["month", "country"], metrics: ["revenue", "orders"]) { rows } }`,
  },
  {
    name: 'paging with counts',
    user: 'catalog_admin@acme.example',
    query: `{ productPage(page: 2, perPage: 5) { items { id } pageInfo { totalCount pageCount hasNextPage } } }`,
  },
];

describe('the SQL of representative requests', () => {
  let store: StoreApp;
  const statements: string[] = [];
  let dialect = '';

  beforeAll(async () => {
    // The task sweep runs on its own timer; its statements are not a request's.
    store = await startStoreApp({
      user: null,
      // The report is computed, not served from the report cache.
      env: { RAIL_TASK_SWEEP_MS: '3600000', RAIL_REPORT_CACHE_SECONDS: '0' },
    });
    const dataSource = store.app.get(DataSource);
    const context = store.app.get(RequestContext);
    dialect = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
    const recorder: EntitySubscriberInterface = {
      beforeQuery: (event) => {
        // Only statements of a request; a pooled connection's timeout belongs to the connection.
        if (context.active && !/^SET statement_timeout/.test(event.query)) statements.push(event.query);
      },
    };
    dataSource.subscribers.push(recorder);
  });
  afterAll(() => store.close());

  it('match test/sql-snapshots/<dialect>.sql (RAIL_UPDATE_SQL=1 rewrites it)', async () => {
    const sections: string[] = [];
    for (const { name, user, query } of CASES) {
      const signIn = await store.signIn(user);
      const headers = { authorization: `Bearer ${signIn.accessToken}` };
      statements.length = 0;
      const response = await store.graphql(query, undefined, headers).expect(200);
      expect(response.body.errors).toBeUndefined();
      sections.push(
        `-- ${name}\n-- ${query.replace(/\s+/g, ' ')}\n${statements.map((sql) => `${sql};`).join('\n')}\n`,
      );
    }
    const printed = sections.join('\n');
    const file = join(import.meta.dirname, 'sql-snapshots', `${dialect}.sql`);
    if (process.env.RAIL_UPDATE_SQL === '1') writeFileSync(file, printed);
    if (!existsSync(file)) throw new Error(`${file} is missing: RAIL_UPDATE_SQL=1 writes it`);
    expect(printed).toBe(readFileSync(file, 'utf8'));
  });
});
