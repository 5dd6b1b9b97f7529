import { DataSource } from 'typeorm';
import {
  startPostgresWireLog,
  type PostgresWireLog,
  type WireStatement,
} from './support/postgres-wire-log.js';
import { testServices } from './support/services.js';
import { startStoreApp, type StoreApp } from './support/store-app.js';
import { createTestDatabase } from './support/test-database.js';

const postgres = testServices().postgresUrl ? describe : describe.skip;

const item = (product: number, quantity: number) =>
  `{ productId: "${product}", quantity: ${quantity}, unitPrice: "${quantity}.50" }`;
const createOrder = (reference: string, items: string[], selection = 'ok errors { field message }') =>
  `mutation { createOrder(input: { customer: { connect: "3" }, reference: "${reference}", items: { create: [${items.join(', ')}] } }) { ${selection} } }`;

// The database's own view of a write: a proxy in front of PostgreSQL reads the
// wire protocol and counts every statement the request makes it run (the session
// lookup, BEGIN, link checks, inserts, audit, outbox, COMMIT). Sales users write
// orders; the sample's catalog_admin (the default test user) may too.
postgres('statements of a nested write, as PostgreSQL receives them', () => {
  let wire: PostgresWireLog;
  let store: StoreApp;
  let db: DataSource;

  beforeAll(async () => {
    const database = await createTestDatabase('seeded');
    const direct = new URL(database.env.DATABASE_URL ?? '');
    wire = await startPostgresWireLog({ host: direct.hostname, port: Number(direct.port || 5432) });
    const proxied = new URL(direct);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(wire.port);
    // The task sweep, background work on its own timer, is kept out of the requests' window.
    store = await startStoreApp({
      database,
      env: { DATABASE_URL: proxied.toString(), RAIL_TASK_SWEEP_MS: '3600000' },
    });
    db = store.app.get(DataSource);
    // Signed in and warmed up: what follows is the steady state of a request.
    await store.graphql('{ me { email } }').expect(200);
  });
  afterAll(async () => {
    await store?.close();
    await wire?.close();
  });

  /**
   * The statements PostgreSQL received while the request ran, and its response. A
   * pooled connection's `SET statement_timeout` is left out: it is sent only when the
   * connection last ran under another timeout (background work runs under none), so it
   * belongs to the connection, not to the write.
   */
  async function sent(
    query: string,
  ): Promise<{ statements: WireStatement[]; body: Record<string, unknown> }> {
    const from = wire.statements.length;
    const response = await store.graphql(query).expect(200);
    const statements = wire.statements.slice(from).filter(({ sql }) => !/^SET statement_timeout/.test(sql));
    return { statements, body: response.body as Record<string, unknown> };
  }

  const describeAll = (statements: readonly WireStatement[]) =>
    statements.map((statement) => statement.sql.slice(0, 90)).join('\n');

  it('createOrder with 3 items: at most 8 statements, the order and its items stored', async () => {
    const { statements, body } = await sent(createOrder('WIRE-3', [item(1, 1), item(2, 2), item(3, 3)]));
    expect(body).toEqual({ data: { createOrder: { ok: true, errors: [] } } });
    expect(statements.length).toBeLessThanOrEqual(8);
    // One statement checks every link (customer and products), one INSERT takes all items.
    expect(statements.filter(({ sql }) => /^INSERT INTO "order_item"/.test(sql))).toHaveLength(1);
    expect(statements.filter(({ sql }) => /FROM "product"/.test(sql))).toHaveLength(1);
    const stored = await db.query<Array<{ quantity: number; company_id: number; owner_id: number }>>(
      `SELECT i.quantity, o.company_id, o.owner_id FROM order_item i JOIN customer_order o ON o.id = i.order_id
       WHERE o.reference = 'WIRE-3' ORDER BY i.quantity`,
    );
    // Tenant and owner come from the signed-in user (catalog_admin@acme.example, company 1).
    expect(stored.map((row) => Number(row.quantity))).toEqual([1, 2, 3]);
    expect(new Set(stored.map((row) => Number(row.company_id)))).toEqual(new Set([1]));
    expect(describeAll(statements)).toMatch(/INSERT INTO "audit_event"/);
  });

  it('costs the same number of statements for 12 items as for 3', async () => {
    const three = await sent(createOrder('WIRE-A', [item(1, 1), item(2, 2), item(3, 3)]));
    const twelve = await sent(
      createOrder(
        'WIRE-B',
        Array.from({ length: 12 }, (_, index) => item(index + 1, index + 1)),
      ),
    );
    expect(twelve.body).toEqual({ data: { createOrder: { ok: true, errors: [] } } });
    expect(describeAll(twelve.statements)).toBe(describeAll(three.statements));
  });

  it('reads the payload back in statements bounded by its depth, not by its rows', async () => {
    const selection = 'ok order { id reference items { quantity product { sku } } }';
    const { statements, body } = await sent(
      createOrder('WIRE-P', [item(4, 1), item(5, 2), item(6, 3), item(7, 4)], selection),
    );
    const order = (body.data as { createOrder: { order: { items: unknown[] } } }).createOrder.order;
    expect(order.items).toHaveLength(4);
    // The write's 8, then the order, its items and their products read under the read rules.
    expect(statements.length).toBeLessThanOrEqual(8 + 3);
  });

  it('still names the item at fault when one row of a multi-row insert breaks a constraint', async () => {
    const { body } = await sent(createOrder('WIRE-BAD', [item(1, 1), item(2, -1), item(3, 1)]));
    expect(body).toMatchObject({
      data: { createOrder: { ok: false, errors: [{ field: 'input.items.create.1.quantity' }] } },
    });
    expect(await db.query(`SELECT id FROM customer_order WHERE reference = 'WIRE-BAD'`)).toEqual([]);
  });

  it('checks every link in the one statement: a product of another tenant is NOT_FOUND at its path', async () => {
    const [globex] = await db.query<Array<{ id: number }>>(
      'SELECT id FROM product WHERE company_id = 2 ORDER BY id LIMIT 1',
    );
    const { statements, body } = await sent(
      createOrder('WIRE-X', [item(1, 1), `{ productId: "${globex.id}", quantity: 1, unitPrice: "1.00" }`]),
    );
    expect(body).toMatchObject({
      data: { createOrder: { ok: false, errors: [{ field: 'input.items.create.1.productId' }] } },
    });
    expect(statements.some(({ sql }) => /^INSERT INTO "customer_order"/.test(sql))).toBe(false);
  });
});
