import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { AuditService } from '@rail/audit';
import { DataSource } from 'typeorm';
import { AppUser } from '../apps/store-api/src/entities/index.js';
import { TEST_PASSWORD } from './support/seeded-template.js';
import { startStoreApp, type StoreApp } from './support/store-app.js';

type Row = Record<string, unknown>;
type Change = { before?: unknown; after?: unknown; redacted?: true };
interface TrailEvent {
  eventType: string;
  outcome: string;
  actorId: string | null;
  companyId: string | null;
  entityId: string | null;
  changes: Record<string, Change> | null;
}

const TRAIL = `query($model: String!, $id: ID!) {
  auditTrail(model: $model, id: $id) { eventType outcome actorId companyId entityId changes }
}`;
const UPDATE_PRICES = `mutation($id: ID!, $price: Decimal!, $costPrice: Decimal!) {
  updateProduct(id: $id, input: { price: $price, costPrice: $costPrice }) { ok errors { field code } }
}`;
const REFRESH = `mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken } }`;

/** The store's roles plus an `auditor` who reads the audit log but not financial fields. */
function rolesFileWithAuditor(): string {
  const path = join(tmpdir(), `rail-audit-roles-${process.pid}-${Date.now()}.yml`);
  const store = readFileSync('apps/store-api/roles.yml', 'utf8');
  writeFileSync(
    path,
    store.replace(
      /^roles:\n/m,
      'roles:\n  auditor:\n    description: Reads the audit log only.\n    permissions: [audit.view]\n\n',
    ),
  );
  return path;
}

/** JSON columns come back parsed from PostgreSQL and as text from SQLite. */
function json(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

describe('the audit trail', () => {
  let store: StoreApp;
  let db: DataSource;
  let admin: Record<string, string>;
  let auditor: Record<string, string>;
  let productId: string;
  let postgres: boolean;

  const eventsWhere = async (sql: string, ...params: unknown[]): Promise<Row[]> =>
    (await db.query<Row[]>(`SELECT * FROM audit_event WHERE ${sql} ORDER BY id`, params)).map((row) => ({
      ...row,
      details: json(row.details),
      changes: json(row.changes),
    }));
  const p = (index: number) => (postgres ? `$${index}` : '?');

  beforeAll(async () => {
    store = await startStoreApp({ env: { RAIL_ROLES_FILE: rolesFileWithAuditor() } });
    db = store.app.get(DataSource);
    postgres = db.options.type === 'postgres';
    await db.getRepository(AppUser).update({ email: 'catalog_viewer@acme.example' }, { roles: ['auditor'] });
    admin = await store.fullSession('admin@acme.example');
    auditor = await store.fullSession('catalog_viewer@acme.example');
    const [product] = await db.query<Row[]>(
      'SELECT id FROM product WHERE company_id = 1 ORDER BY id LIMIT 1',
    );
    productId = String(product.id);
  });
  afterAll(() => store.close());

  it('records a product update with before/after of the changed fields only, redacted per reader', async () => {
    const [stored] = await db.query<Row[]>(`SELECT price, cost_price FROM product WHERE id = ${p(1)}`, [
      Number(productId),
    ]);
    const update = await store.graphql(UPDATE_PRICES, { id: productId, price: '123.45', costPrice: '67.89' });
    expect(update.body.data.updateProduct).toEqual({ ok: true, errors: [] });

    const asAdmin = await store.graphql(TRAIL, { model: 'Product', id: productId }, admin);
    expect(asAdmin.body.errors).toBeUndefined();
    const events = asAdmin.body.data.auditTrail as TrailEvent[];
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({
      eventType: 'entity.updated',
      outcome: 'success',
      companyId: '1',
      entityId: productId,
    });
    // Changed fields only: the name, sku, stock … did not change and are not there.
    expect(Object.keys(event.changes!).sort()).toEqual(['costPrice', 'price', 'updatedAt']);
    expect(event.changes!.price).toEqual({ before: Number(stored.price).toFixed(2), after: '123.45' });
    expect(event.changes!.costPrice).toEqual({
      before: Number(stored.cost_price).toFixed(2),
      after: '67.89',
    });

    // The auditor may read the trail but not financial fields: the change is on record, its values are not shown.
    const asAuditor = await store.graphql(TRAIL, { model: 'Product', id: productId }, auditor);
    expect(asAuditor.body.errors).toBeUndefined();
    const [seen] = asAuditor.body.data.auditTrail as TrailEvent[];
    expect(seen.changes!.costPrice).toEqual({ redacted: true });
    expect(seen.changes!.price).toEqual(event.changes!.price);
  });

  it('writes the event in the mutation transaction: a failing mutation leaves neither change nor event', async () => {
    const before = await eventsWhere(`model = 'Product'`);
    const [first, second] = await db.query<Row[]>(
      'SELECT id, price FROM product WHERE company_id = 1 ORDER BY id LIMIT 2 OFFSET 1',
    );
    // The second item breaks a database check: the first, already written, is rolled back with its event.
    const bulk = await store.graphql(
      `mutation($a: ID!, $b: ID!) { bulkUpdateProducts(inputs: [
        { id: $a, data: { price: "1.00" } }, { id: $b, data: { stock: -1 } }
      ]) { ok errors { field code } } }`,
      { a: String(first.id), b: String(second.id) },
    );
    expect(bulk.body.data.bulkUpdateProducts.ok).toBe(false);
    const [after] = await db.query<Row[]>(`SELECT price FROM product WHERE id = ${p(1)}`, [first.id]);
    expect(Number(after.price)).toBe(Number(first.price));
    expect(await eventsWhere(`model = 'Product'`)).toHaveLength(before.length);
  });

  it('rolls the mutation back when its event cannot be written', async () => {
    // Make every Product event fail to insert, as a full disk or a broken trigger would.
    if (postgres) {
      await db.query(`CREATE FUNCTION refuse_product_events() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.model = 'Product' THEN RAISE EXCEPTION 'audit storage unavailable'; END IF; RETURN NEW; END $$`);
      await db.query(`CREATE TRIGGER refuse_product_events BEFORE INSERT ON audit_event
        FOR EACH ROW EXECUTE FUNCTION refuse_product_events()`);
    } else {
      await db.query(`CREATE TRIGGER refuse_product_events BEFORE INSERT ON audit_event
        WHEN NEW.model = 'Product' BEGIN SELECT RAISE(ABORT, 'audit storage unavailable'); END`);
    }
    try {
      const [stored] = await db.query<Row[]>(`SELECT name FROM product WHERE id = ${p(1)}`, [
        Number(productId),
      ]);
      const update = await store.graphql(
        `mutation($id: ID!) { updateProduct(id: $id, input: { name: "Renamed without a trace" }) { ok } }`,
        { id: productId },
      );
      expect(update.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      const [after] = await db.query<Row[]>(`SELECT name FROM product WHERE id = ${p(1)}`, [
        Number(productId),
      ]);
      expect(after.name).toBe(stored.name);
    } finally {
      await db.query(
        postgres ? 'DROP TRIGGER refuse_product_events ON audit_event' : 'DROP TRIGGER refuse_product_events',
      );
      if (postgres) await db.query('DROP FUNCTION refuse_product_events()');
    }
  });

  it('records an order created with its items in one transaction', async () => {
    const [customer] = await db.query<Row[]>(
      'SELECT id FROM customer WHERE company_id = 1 ORDER BY id LIMIT 1',
    );
    const [owner] = await db.query<Row[]>(`SELECT id FROM app_user WHERE email = 'sales@acme.example'`);
    const created = await store.graphql(
      `mutation($customer: ID!, $owner: ID!, $product: ID!) { createOrder(input: {
        reference: "AUDIT-ORDER-1", customerId: $customer, ownerId: $owner,
        items: { create: [{ productId: $product, quantity: 1, unitPrice: "10.00" },
                          { productId: $product, quantity: 2, unitPrice: "10.00" }] }
      }) { ok errors { field message } order { id } } }`,
      { customer: String(customer.id), owner: String(owner.id), product: productId },
    );
    expect(created.body.data.createOrder.errors).toEqual([]);
    const orderId = String(created.body.data.createOrder.order.id);
    const [order] = await eventsWhere(`model = 'Order' AND entity_id = ${p(1)}`, orderId);
    expect(order).toMatchObject({ event_type: 'entity.created', company_id: '1' });
    const items = await eventsWhere(`model = 'OrderItem' AND request_id = ${p(1)}`, order.request_id);
    expect(items).toHaveLength(2);
  });

  it('costs one INSERT per mutation, one for a whole bulk', async () => {
    const products = await db.query<Row[]>(
      'SELECT id FROM product WHERE company_id = 1 ORDER BY id LIMIT 3 OFFSET 10',
    );
    const runner = db.createQueryRunner();
    const spy = jest.spyOn(
      Object.getPrototypeOf(runner) as { query: (sql: string) => Promise<unknown> },
      'query',
    );
    try {
      const bulk = await store.graphql(
        `mutation($inputs: [BulkUpdateProductInput!]!) { bulkUpdateProducts(inputs: $inputs) { ok } }`,
        { inputs: products.map((product) => ({ id: String(product.id), data: { stock: 42 } })) },
      );
      expect(bulk.body.data.bulkUpdateProducts.ok).toBe(true);
      const statements = spy.mock.calls.map(([sql]) => sql).filter((sql) => /audit_event/.test(sql));
      const inserts = statements.filter((sql) => /^INSERT INTO "audit_event"/.test(sql));
      expect(inserts).toHaveLength(1);
      // PostgreSQL links the chain in its trigger; the embedded database reads the chain's head first.
      expect(statements).toHaveLength(postgres ? 1 : 2);
      expect(
        await eventsWhere(`model = 'Product' AND request_id = ${p(1)}`, bulk.headers['x-request-id']),
      ).toHaveLength(3);
    } finally {
      spy.mockRestore();
      if (postgres) await runner.release();
    }
  });

  it('records a status action as an update naming the action', async () => {
    const [order] = await db.query<Row[]>(
      `SELECT id FROM customer_order WHERE company_id = 1 AND status = 'pending' ORDER BY id LIMIT 1`,
    );
    const confirmed = await store.graphql(`mutation($id: ID!) { confirmOrder(id: $id) { ok } }`, {
      id: String(order.id),
    });
    expect(confirmed.body.data.confirmOrder.ok).toBe(true);
    const [event] = await eventsWhere(`model = 'Order' AND entity_id = ${p(1)}`, String(order.id));
    expect(event).toMatchObject({ event_type: 'entity.updated', details: { action: 'confirm' } });
    expect((event.changes as Record<string, Change>).status).toEqual({
      before: 'pending',
      after: 'confirmed',
    });
  });

  it('records role assignments and MFA enrolment', async () => {
    const [sales] = await db.query<Row[]>(`SELECT id FROM app_user WHERE email = 'sales@acme.example'`);
    const assigned = await store.graphql(
      `mutation($user: ID!) { assignRole(userId: $user, role: "catalog_editor") }`,
      { user: String(sales.id) },
      admin,
    );
    expect(assigned.body.errors).toBeUndefined();
    const [event] = await eventsWhere(
      `event_type = 'role.assigned' AND entity_id = ${p(1)}`,
      String(sales.id),
    );
    expect(event).toMatchObject({ company_id: '1', model: 'User', details: { role: 'catalog_editor' } });
    // The admin enrolled an authenticator when the suite signed in (admins must).
    const [enrolled] = await eventsWhere(`event_type = 'auth.mfa.enrolled'`);
    expect(enrolled).toMatchObject({ company_id: '1', outcome: 'success' });
    expect(JSON.stringify(enrolled)).not.toMatch(/secret/i);
  });

  it('records a refused cross-tenant read as tenant.violation', async () => {
    const [globex] = await db.query<Row[]>('SELECT id FROM product WHERE company_id = 2 ORDER BY id LIMIT 1');
    const read = await store.graphql(`query($id: ID!) { product(id: $id) { id name } }`, {
      id: String(globex.id),
    });
    expect(read.body.data.product).toBeNull();
    const [violation] = await eventsWhere(
      `event_type = 'tenant.violation' AND entity_id = ${p(1)}`,
      String(globex.id),
    );
    expect(violation).toMatchObject({ model: 'Product', outcome: 'denied', company_id: '1' });
    expect(violation.actor_id).not.toBeNull();
  });

  it('keeps the trace of a cross-tenant write the mutation rolled back', async () => {
    const [globex] = await db.query<Row[]>(
      'SELECT id FROM product WHERE company_id = 2 ORDER BY id LIMIT 1 OFFSET 1',
    );
    const update = await store.graphql(
      `mutation($id: ID!) { updateProduct(id: $id, input: { name: "Taken over" }) { ok errors { code } } }`,
      { id: String(globex.id) },
    );
    expect(update.body.data.updateProduct).toEqual({ ok: false, errors: [{ code: 'NOT_FOUND' }] });
    // Seen inside the mutation's transaction, recorded outside it: the rollback does not erase it.
    const [violation] = await eventsWhere(
      `event_type = 'tenant.violation' AND entity_id = ${p(1)}`,
      String(globex.id),
    );
    expect(violation).toMatchObject({ model: 'Product', outcome: 'denied', company_id: '1' });
  });

  it('records a refused mutation as permission.denied, though the request failed', async () => {
    const viewer = await store.fullSession('catalog_viewer@globex.example');
    const refused = await store.graphql(
      `mutation { createCategory(input: { name: "Not allowed" }) { ok } }`,
      undefined,
      viewer,
    );
    expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const [denied] = await eventsWhere(`event_type = 'permission.denied' AND company_id = '2'`);
    expect(denied).toMatchObject({ model: 'Category', outcome: 'denied' });
    expect(JSON.stringify(denied.details)).toContain('category.create');
  });

  it('records failed sign-ins, for known and unknown accounts, without the password tried', async () => {
    await store.graphql(
      `mutation { login(email: "support@acme.example", password: "wrong-password-1") { accessToken } }`,
    );
    await store.graphql(
      `mutation { login(email: "nobody@acme.example", password: "wrong-password-2") { accessToken } }`,
    );
    const failures = await eventsWhere(`event_type = 'auth.login.failed'`);
    const known = failures.find((row) => JSON.stringify(row.details).includes('support@acme.example'));
    const unknown = failures.find((row) => JSON.stringify(row.details).includes('nobody@acme.example'));
    expect(known).toMatchObject({ company_id: '1', outcome: 'failure', reason: 'invalid_credentials' });
    expect(known!.actor_id).not.toBeNull();
    expect(unknown).toMatchObject({ company_id: null, actor_id: null, outcome: 'failure' });
    const everything = JSON.stringify(await eventsWhere('1 = 1'));
    expect(everything).not.toContain('wrong-password');
    expect(everything).not.toContain(TEST_PASSWORD);
  });

  it('records a refresh-token reuse', async () => {
    const login = await store.signIn('sales@acme.example');
    await store.graphql(REFRESH, { t: login.refreshToken }, {}).expect(200);
    const reuse = await store.graphql(REFRESH, { t: login.refreshToken }, {}).expect(200);
    expect(reuse.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const [event] = await eventsWhere(`event_type = 'auth.token.reuse_detected'`);
    expect(event).toMatchObject({ company_id: '1', outcome: 'failure', model: 'User' });
    expect(JSON.stringify(event)).not.toContain(login.refreshToken!);
  });

  it('records who read customer records (the model asks for read auditing)', async () => {
    const read = await store.graphql(`{ customers(limit: 3) { id name } }`);
    const ids = (read.body.data.customers as Row[]).map((customer) => customer.id);
    const reads = await eventsWhere(`event_type = 'entity.read' AND model = 'Customer'`);
    expect(reads.at(-1)!.details).toMatchObject({ operation: 'list', count: 3, ids });
    // Products do not ask for it.
    await store.graphql(`{ products(limit: 3) { id } }`);
    expect(await eventsWhere(`event_type = 'entity.read' AND model = 'Product'`)).toHaveLength(0);
  });

  it('lets admins read their own company events only, and refuses support', async () => {
    const asAdmin = await store.graphql(
      `{ auditEvents(limit: 100, where: { eventType: { eq: "auth.login.failed" } }) { companyId eventType } }`,
      undefined,
      admin,
    );
    expect(asAdmin.body.errors).toBeUndefined();
    const rows = asAdmin.body.data.auditEvents as Row[];
    expect(rows.length).toBeGreaterThan(0);
    // The unknown account's failure (no company) and Globex's events are not Acme's to see.
    expect(rows.every((row) => row.companyId === '1')).toBe(true);
    // The positive control: such events outside Acme exist, and are left out.
    const [{ others }] = await db.query<Array<{ others: string | number }>>(
      "SELECT COUNT(*) AS others FROM audit_event WHERE event_type = 'auth.login.failed' AND (company_id IS NULL OR company_id <> '1')",
    );
    expect(Number(others)).toBeGreaterThan(0);

    const support = await store.fullSession('support@acme.example');
    const refused = await store.graphql(`{ auditEvents { id } }`, undefined, support);
    expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const trail = await store.graphql(TRAIL, { model: 'Product', id: productId }, support);
    expect(trail.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('keeps every chain intact through all of the above', async () => {
    const result = await store.app.get(AuditService).verify();
    expect(result.chains.length).toBeGreaterThanOrEqual(3); // Acme, Globex and the no-company chain
    expect(result.chains.filter((chain) => chain.broken)).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
