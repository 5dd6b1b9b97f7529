import { SchemaRuntime } from '@rail/schema';
import { DataSource } from 'typeorm';
import { floorData } from '../bench/floor-answer.mjs';
import { operations, type BenchOperation, type FloorStatement } from '../bench/operations.mjs';
import { sameData } from '../bench/same-data.mjs';
import { startStoreApp, type StoreApp } from './support/store-app.js';

// The regression guards of `npm run bench` (docs/performance.md), on both
// databases: each operation it measures sends a fixed number of SQL statements,
// a repeated read compiles nothing, and Rail answers with the same data as the
// floor's hand-written SQL (run here on the same database), so that the bench
// compares like with like.

/** Statements per request: the sign-in's session lookup, then the operation's own. */
const STATEMENTS: Readonly<Record<string, { postgres: number; sqlite: number }>> = {
  flat: { postgres: 2, sqlite: 2 },
  nested: { postgres: 3, sqlite: 3 },
  filtered: { postgres: 2, sqlite: 2 },
  report: { postgres: 2, sqlite: 2 },
  // The session, BEGIN, the links checked at once, the order, its items in one INSERT, audit, outbox,
  // COMMIT. SQLite has no INSERT … RETURNING in TypeORM: the generated keys are read back one by one.
  create: { postgres: 8, sqlite: 14 },
};

describe('the operations of the bench', () => {
  let store: StoreApp;
  let dataSource: DataSource;
  let runtime: SchemaRuntime;
  let dialect: 'postgres' | 'sqlite';
  let written = 0;

  beforeAll(async () => {
    // As the bench runs it: the report is computed, not served from the report cache.
    store = await startStoreApp({ env: { RAIL_REPORT_CACHE_SECONDS: '0' } });
    dataSource = store.app.get(DataSource);
    runtime = store.app.get(SchemaRuntime);
    dialect = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  });
  afterAll(() => store.close());

  const reference = (side: string) => `T-${side}-${(written += 1)}`;

  /** Rail's answer and the statements it sent, as catalog_admin (the bench's user). */
  async function rail(operation: BenchOperation) {
    const response = await store
      .graphql(operation.graphql, operation.write ? { reference: reference('rail') } : undefined)
      .expect(200);
    expect(response.body.errors).toBeUndefined();
    return { data: response.body.data as unknown, statements: Number(response.headers['x-sql-statements']) };
  }

  /** The floor's answer: its SQL run on the app's own database. */
  async function floor(operation: BenchOperation): Promise<unknown> {
    const sql = operation.sql[dialect];
    const statement: FloorStatement = typeof sql === 'function' ? sql(reference('floor')) : sql;
    const rows = await dataSource.transaction(async (manager) => {
      for (const step of statement.steps ?? []) await manager.query(step.text, [...step.params]);
      return manager.query<Array<Record<string, unknown>>>(statement.text, [...statement.params]);
    });
    return floorData(operation, rows);
  }

  it.each(operations.map((operation) => [operation.id, operation] as const))(
    '%s: a fixed number of statements, and the same data as the floor',
    async (id, operation) => {
      const answer = await rail(operation);
      expect(answer.statements).toBe(STATEMENTS[id][dialect]);
      const expected = await floor(operation);
      expect(sameData(answer.data, expected)).toBe(true);
      // Not an empty answer on both sides: the data the bench compares is there.
      expect(JSON.stringify(expected)).toMatch(/"(id|reference|ok|rows)":/);
    },
  );

  it.each(
    operations.filter((operation) => !operation.write).map((operation) => [operation.id, operation] as const),
  )('%s: a repeated request compiles no SQL and plans nothing', async (_id, operation) => {
    await rail(operation);
    const before = { ...runtime.plans.stats };
    await rail(operation);
    expect(runtime.plans.stats.misses).toBe(before.misses);
    expect(runtime.plans.stats.hits).toBeGreaterThan(before.hits);
  });

  it('stores every order the write creates, with its three items', async () => {
    const create = operations.find((operation) => operation.write)!;
    const stored = async (prefix: string) =>
      dataSource.query<Array<{ orders: number | string; items: number | string }>>(
        `SELECT COUNT(DISTINCT o.id) AS orders, COUNT(i.id) AS items
           FROM customer_order o JOIN order_item i ON i.order_id = o.id WHERE o.reference LIKE '${prefix}%'`,
      );
    const [before] = await stored('T-rail-');
    await rail(create);
    await rail(create);
    const [after] = await stored('T-rail-');
    expect(Number(after.orders) - Number(before.orders)).toBe(2);
    expect(Number(after.items) - Number(before.items)).toBe(6);
  });
});
