import { type RailPrincipal, type Row } from '@rail/core';
import { SchemaRuntime } from '@rail/schema';
import type { BeforeQueryEvent, EntitySubscriberInterface } from 'typeorm';
import { startStoreApp, type StoreApp } from './support/store-app.js';

describe('SchemaRuntime.streamRows (exports read through it)', () => {
  let store: StoreApp;
  let runtime: SchemaRuntime;
  let catalogAdmin: RailPrincipal;
  beforeAll(async () => {
    store = await startStoreApp();
    runtime = store.app.get(SchemaRuntime);
    const [user] = await runtime.deps.dataSource.query<{ id: number; company_id: number }[]>(
      `SELECT id, company_id FROM app_user WHERE email = 'catalog_admin@acme.example'`,
    );
    catalogAdmin = {
      userId: String(user.id),
      companyId: String(user.company_id),
      roles: ['catalog_admin'],
      authMethods: ['pwd'],
    };
  });
  afterAll(() => store.close());

  async function streamed(orderBy: Record<string, string>[] | undefined, maxRows: number): Promise<Row[]> {
    const rows: Row[] = [];
    const batches = runtime.streamRows(
      runtime.registry.get('Product'),
      ['id', 'name'],
      { orderBy, maxRows, batchSize: 7 },
      catalogAdmin,
    );
    for await (const batch of batches) rows.push(...batch);
    return rows;
  }

  async function listed(orderBy: string, limit: number): Promise<string[]> {
    const response = await store
      .graphql(`{ products(orderBy: ${orderBy}, limit: ${limit}) { id } }`)
      .expect(200);
    return (response.body.data.products as { id: string }[]).map((product) => String(product.id));
  }

  it.each([
    ['the key ascending (keyset paging)', [{ id: 'ASC' }], '[{ id: ASC }]'],
    ['the key descending (keyset paging)', [{ id: 'DESC' }], '[{ id: DESC }]'],
    ['another field (offset paging)', [{ name: 'ASC' }], '[{ name: ASC }]'],
  ])(
    'in batches of 7, ordered by %s, reads the same rows as one query, each once',
    async (_label, orderBy, graphqlOrder) => {
      const rows = await streamed(orderBy, 50);
      const ids = rows.map((row) => String(row.id));
      expect(ids).toHaveLength(50);
      expect(new Set(ids).size).toBe(50);
      expect(ids).toEqual(await listed(graphqlOrder, 50));
    },
  );

  it('pages by key, not by offset, when ordered by the key: no statement skips rows it has read', async () => {
    const statements: { query: string }[] = [];
    const spy: EntitySubscriberInterface = {
      beforeQuery(event: BeforeQueryEvent) {
        if (event.query.includes('FROM "product"')) statements.push({ query: event.query });
      },
    };
    runtime.deps.dataSource.subscribers.push(spy);
    try {
      await streamed([{ id: 'ASC' }], 30);
    } finally {
      runtime.deps.dataSource.subscribers.splice(runtime.deps.dataSource.subscribers.indexOf(spy), 1);
    }
    // 30 rows in batches of 7: five statements, each reading from where the last one stopped.
    expect(statements).toHaveLength(5);
    for (const { query } of statements) expect(query).toMatch(/OFFSET (0|\$\d+)\b/);
    for (const { query } of statements.slice(1)) expect(query).toMatch(/"id" < |"id" > /);
    expect(statements[0].query).not.toMatch(/"id" > /);
  });

  it('stops at maxRows in the middle of a batch and reads every row when there are fewer', async () => {
    expect(await streamed([{ id: 'ASC' }], 10)).toHaveLength(10);
    const all = await streamed(undefined, 100_000);
    const [{ count }] = await runtime.deps.dataSource.query<{ count: string | number }[]>(
      'SELECT COUNT(*) AS count FROM product WHERE company_id = $1'.replace(
        '$1',
        catalogAdmin.companyId ?? '0',
      ),
    );
    expect(all).toHaveLength(Number(count));
  });
});
