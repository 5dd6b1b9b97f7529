import { SecurityEvents, type SecurityEvent } from '@rail/rbac';
import { DataSource } from 'typeorm';
import { startStoreApp, type StoreApp } from './support/store-app.js';

type Headers = Record<string, string>;

/**
 * The holes an outside attack run found, each attacked again: explain that
 * disagreed with enforcement or told another tenant's ids apart, ownership
 * chosen by the client, and denials that did not say what they lack.
 */
describe('security findings, attacked again', () => {
  let store: StoreApp;
  let db: DataSource;
  const sessions = new Map<string, Headers>();
  const events: SecurityEvent[] = [];

  const as = async (email: string): Promise<Headers> => {
    const cached = sessions.get(email);
    if (cached) return cached;
    const headers = await store.fullSession(email);
    sessions.set(email, headers);
    return headers;
  };
  const call = async (email: string, query: string, variables?: Record<string, unknown>) =>
    (await store.graphql(query, variables, await as(email)).expect(200)).body as {
      data: Record<string, unknown> | null;
      errors?: Array<{ message: string; extensions: Record<string, unknown> }>;
    };
  const idOf = async (sql: string): Promise<string> => String((await db.query<{ id: number }[]>(sql))[0].id);
  const userId = (email: string) => idOf(`SELECT id FROM app_user WHERE email = '${email}'`);

  beforeAll(async () => {
    store = await startStoreApp({ user: null });
    db = store.app.get(DataSource);
    store.app.get(SecurityEvents).subscribe((event) => {
      events.push(event);
    });
  });
  afterAll(() => store.close());

  describe('explainPermission', () => {
    const EXPLAIN = `query($permission: String!, $model: String, $objectId: ID) {
      explainPermission(permission: $permission, model: $model, objectId: $objectId) {
        allowed reason matchedPolicies effectivePermissions
      }
    }`;

    it('answers what enforcement does for a cancelled order: the update is refused by the closed-orders policy', async () => {
      const cancelled = await idOf(
        "SELECT id FROM customer_order WHERE company_id = 1 AND status = 'cancelled' ORDER BY id LIMIT 1",
      );
      const update = await call(
        'catalog_admin@acme.example',
        `mutation($id: ID!) { updateOrder(id: $id, input: { notes: "late change" }) { ok } }`,
        { id: cancelled },
      );
      expect(update.errors?.[0].extensions.code).toBe('FORBIDDEN');
      const explained = await call('catalog_admin@acme.example', EXPLAIN, {
        permission: 'order.update',
        model: 'Order',
        objectId: cancelled,
      });
      expect(explained.data?.explainPermission).toMatchObject({
        allowed: false,
        reason: 'policy_deny',
        matchedPolicies: ['closed-orders-are-final'],
      });
      // The control: a pending order of the same company is updated, and explained as allowed.
      const pending = await idOf(
        "SELECT id FROM customer_order WHERE company_id = 1 AND status = 'pending' ORDER BY id LIMIT 1",
      );
      const allowed = await call('catalog_admin@acme.example', EXPLAIN, {
        permission: 'order.update',
        model: 'Order',
        objectId: pending,
      });
      expect(allowed.data?.explainPermission).toMatchObject({ allowed: true });
    });

    it("gives another tenant's row the answer of a missing row, and records the attempt", async () => {
      const globexOrder = await idOf(
        'SELECT id FROM customer_order WHERE company_id = 2 ORDER BY id LIMIT 1',
      );
      const before = events.length;
      const other = await call('support@acme.example', EXPLAIN, {
        permission: 'order.view',
        model: 'Order',
        objectId: globexOrder,
      });
      const missing = await call('support@acme.example', EXPLAIN, {
        permission: 'order.view',
        model: 'Order',
        objectId: '987654321',
      });
      expect(other.errors?.[0].extensions.code).toBe('NOT_FOUND');
      expect(missing.errors?.[0].extensions.code).toBe('NOT_FOUND');
      expect(other.errors?.[0].message).toBe(`Order ${globexOrder} does not exist`);
      expect(missing.errors?.[0].message).toBe('Order 987654321 does not exist');
      expect(events.slice(before)).toEqual([
        expect.objectContaining({ type: 'tenant.violation', model: 'Order', entityId: globexOrder }),
      ]);
    });

    it('lists the effective permissions sorted', async () => {
      const explained = await call('sales@acme.example', EXPLAIN, { permission: 'order.view' });
      const permissions = (explained.data?.explainPermission as { effectivePermissions: string[] })
        .effectivePermissions;
      expect(permissions.length).toBeGreaterThan(5);
      expect(permissions).toEqual([...permissions].sort());
    });
  });

  describe('the owner of a new row', () => {
    const CREATE = `mutation($input: CreateOrderInput!) {
      createOrder(input: $input) { ok errors { field code message } order { id ownerId } }
    }`;

    it('is the caller when the input names none', async () => {
      const customer = await idOf('SELECT id FROM customer WHERE company_id = 1 ORDER BY id LIMIT 1');
      const created = await call('sales@acme.example', CREATE, {
        input: { customerId: customer, reference: 'SEC-OWNER-1' },
      });
      expect(created.errors).toBeUndefined();
      expect(created.data?.createOrder).toMatchObject({
        ok: true,
        order: { ownerId: await userId('sales@acme.example') },
      });
    });

    it('may not be a colleague for a sales user (who updates own orders only): FORBIDDEN naming the field', async () => {
      const customer = await idOf('SELECT id FROM customer WHERE company_id = 1 ORDER BY id LIMIT 1');
      const colleague = await userId('support@acme.example');
      const refused = await call('sales@acme.example', CREATE, {
        input: { customerId: customer, reference: 'SEC-OWNER-2', ownerId: colleague },
      });
      expect(refused.errors?.[0].extensions).toMatchObject({
        code: 'FORBIDDEN',
        field: 'input.ownerId',
        permission: 'order.update',
      });
      const [{ count }] = await db.query<{ count: string | number }[]>(
        "SELECT COUNT(*) AS count FROM customer_order WHERE reference = 'SEC-OWNER-2'",
      );
      expect(Number(count)).toBe(0);
    });

    it('may be a colleague for a catalog_admin, who may update every order', async () => {
      const customer = await idOf('SELECT id FROM customer WHERE company_id = 1 ORDER BY id LIMIT 1');
      const colleague = await userId('sales@acme.example');
      const created = await call('catalog_admin@acme.example', CREATE, {
        input: { customerId: customer, reference: 'SEC-OWNER-3', ownerId: colleague },
      });
      expect(created.data?.createOrder).toMatchObject({ ok: true, order: { ownerId: colleague } });
    });
  });

  it('a webhook endpoint reading as an unknown role is refused before anything else is checked', async () => {
    const create = await call(
      'admin@acme.example',
      'mutation($input: WebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpointId } }',
      { input: { url: 'http://127.0.0.1:9/hook', role: 'suport' } },
    );
    expect(create.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'role' });
    expect(create.errors?.[0].message).toBe('role: no role is named "suport"');
    const [{ count }] = await db.query<{ count: string | number }[]>(
      'SELECT COUNT(*) AS count FROM webhook_endpoint',
    );
    expect(Number(count)).toBe(0);
  });

  it('a stored report dataset on a field the schema excludes is refused when saved', async () => {
    const CREATE = `mutation($input: CreateReportDefinitionInput!) {
      createReportDefinition(input: $input) { ok reportDefinition { id } }
    }`;
    const dataset = (dimensions: Record<string, unknown>, model = 'User') => ({
      input: {
        code: `leak_${Object.keys(dimensions)[0]}`,
        definition: { model, permission: 'report.run', dimensions, metrics: { n: { fn: 'count' } } },
      },
    });
    for (const [variables, at] of [
      [dataset({ hash: { path: 'passwordHash' } }), 'definition.dimensions.hash.path'],
      [
        dataset({ ownerHash: { path: 'owner.passwordHash' } }, 'Order'),
        'definition.dimensions.ownerHash.path',
      ],
    ] as const) {
      const refused = await call('admin@acme.example', CREATE, variables);
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: at });
    }
    // The control: a dataset over readable fields of the same models is saved.
    const saved = await call(
      'admin@acme.example',
      CREATE,
      dataset({ owner: { path: 'owner.displayName' } }, 'Order'),
    );
    expect(saved.data?.createReportDefinition).toMatchObject({ ok: true });
  });

  it('a denial names the permission it lacks', async () => {
    const denied = await call(
      'catalog_viewer@acme.example',
      'mutation { createCategory(input: { name: "Forbidden" }) { ok } }',
    );
    expect(denied.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'category.create' });
  });
});
