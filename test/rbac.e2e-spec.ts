import { Module } from '@nestjs/common';
import { Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequirePermission, RequireRole, SecurityEvents, type SecurityEvent } from '@rail/rbac';
import { DataSource } from 'typeorm';
import { startStoreApp, type StoreApp } from './support/store-app.js';

type Graphql = (
  query: string,
  variables?: Record<string, unknown>,
) => Promise<{
  body: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; extensions: Record<string, unknown> }>;
  };
}>;

/** Hand-written operations guarded by decorators. */
@Resolver()
class GuardedResolver {
  @RequireRole('admin')
  @Query(() => String)
  adminOnly(): string {
    return 'for admins';
  }

  @RequirePermission('order.update', 'customer.view')
  @Mutation(() => String)
  refundOrder(): string {
    return 'refunded';
  }
}

@Module({ providers: [GuardedResolver] })
class GuardedModule {}

describe('roles and tenancy of the store (docs/sample-store.md)', () => {
  let store: StoreApp;
  let db: DataSource;
  const sessions = new Map<string, Graphql>();
  const events: SecurityEvent[] = [];

  /** A GraphQL client signed in as `<role>@<company>.example`; admins enrol an authenticator first. */
  async function as(role: string, company: 'acme' | 'globex'): Promise<Graphql> {
    const email = `${role}@${company}.example`;
    const cached = sessions.get(email);
    if (cached) return cached;
    const headers = await store.fullSession(email);
    const client: Graphql = async (query, variables) => store.graphql(query, variables, headers);
    sessions.set(email, client);
    return client;
  }

  const code = (response: Awaited<ReturnType<Graphql>>): unknown =>
    response.body.errors?.[0]?.extensions.code;
  const firstId = async (sql: string): Promise<string> =>
    String((await db.query<{ id: number }[]>(sql))[0].id);

  beforeAll(async () => {
    store = await startStoreApp({ user: null, imports: [GuardedModule] });
    db = store.app.get(DataSource);
    store.app.get(SecurityEvents).subscribe((event) => {
      events.push(event);
    });
  });
  afterAll(() => store.close());

  describe('the role matrix', () => {
    const read = `{ categories(limit: 1) { id } products(limit: 1) { id } customers(limit: 1) { id } }`;

    it.each(['acme', 'globex'] as const)(
      'catalog_viewer of %s reads the catalogue and customers, not orders, and writes nothing',
      async (company) => {
        const viewer = await as('catalog_viewer', company);
        expect((await viewer(read)).body.errors).toBeUndefined();
        expect(code(await viewer('{ orders(limit: 1) { id } }'))).toBe('FORBIDDEN');
        expect(code(await viewer('mutation { updateProduct(id: "1", input: { stock: 1 }) { ok } }'))).toBe(
          'FORBIDDEN',
        );
      },
    );

    describe.each([
      ['acme', 1],
      ['globex', 2],
    ] as const)('in %s', (company, companyId) => {
      it('support reads customers and orders, but writes nothing', async () => {
        const support = await as('support', company);
        expect(
          (await support('{ customers(limit: 1) { id } orders(limit: 1) { id items { id } } }')).body.errors,
        ).toBeUndefined();
        expect(code(await support('mutation { createCategory(input: { name: "x" }) { ok } }'))).toBe(
          'FORBIDDEN',
        );
        expect(code(await support('mutation { confirmOrder(id: "1") { ok } }'))).toBe('FORBIDDEN');
      });

      it('catalog_editor creates and updates products and categories, cannot delete them nor read orders', async () => {
        const editor = await as('catalog_editor', company);
        const product = await firstId(`SELECT id FROM product WHERE company_id = ${companyId}`);
        const created = await editor(
          'mutation { createCategory(input: { name: "Editor made" }) { ok category { id companyId } } }',
        );
        expect(created.body.data?.createCategory).toMatchObject({
          ok: true,
          category: { companyId: String(companyId) },
        });
        expect(
          (await editor(`mutation { updateProduct(id: "${product}", input: { stock: 3 }) { ok } }`)).body.data
            ?.updateProduct,
        ).toEqual({ ok: true });
        expect(code(await editor(`mutation { deleteProduct(id: "${product}") { ok } }`))).toBe('FORBIDDEN');
        expect(code(await editor('{ orders(limit: 1) { id } }'))).toBe('FORBIDDEN');
      });

      it('sales creates orders and changes only their own', async () => {
        const sales = await as('sales', company);
        const salesId = await firstId(`SELECT id FROM app_user WHERE email = 'sales@${company}.example'`);
        const customer = await firstId(`SELECT id FROM customer WHERE company_id = ${companyId}`);
        const product = await firstId(`SELECT id FROM product WHERE company_id = ${companyId}`);
        const own = await firstId(
          `SELECT id FROM customer_order WHERE owner_id = ${salesId} AND status = 'pending'`,
        );
        const others = await firstId(
          `SELECT id FROM customer_order WHERE company_id = ${companyId} AND owner_id <> ${salesId} AND status = 'pending'`,
        );
        expect(
          (await sales(`mutation { updateOrder(id: "${own}", input: { notes: "mine" }) { ok } }`)).body.data
            ?.updateOrder,
        ).toEqual({ ok: true });
        const foreign = await sales(
          `mutation { updateOrder(id: "${others}", input: { notes: "not mine" }) { ok errors { code } } }`,
        );
        expect(foreign.body.data?.updateOrder).toEqual({ ok: false, errors: [{ code: 'NOT_FOUND' }] });
        expect(
          (await sales(`mutation { confirmOrder(id: "${own}") { ok } }`)).body.data?.confirmOrder,
        ).toEqual({ ok: true });
        const created = await sales(
          `mutation { createOrder(input: { customerId: "${customer}", ownerId: "${salesId}", reference: "SALES-${company}", items: { create: [{ productId: "${product}", quantity: 1, unitPrice: "5.00" }] } }) { ok errors { field message } order { companyId } } }`,
        );
        expect(created.body.data?.createOrder).toMatchObject({
          ok: true,
          order: { companyId: String(companyId) },
        });
        expect(code(await sales('mutation { updateProduct(id: "1", input: { stock: 9 }) { ok } }'))).toBe(
          'FORBIDDEN',
        );
      });

      it('catalog_admin does everything in the company but manage users', async () => {
        const admin = await as('catalog_admin', company);
        const others = await firstId(
          `SELECT id FROM customer_order WHERE company_id = ${companyId} AND status = 'pending'`,
        );
        expect(
          (await admin(`mutation { updateOrder(id: "${others}", input: { notes: "admin" }) { ok } }`)).body
            .data?.updateOrder,
        ).toEqual({ ok: true });
        const temporary = await admin(
          'mutation { createCategory(input: { name: "Gone soon" }) { category { id } } }',
        );
        const id = (temporary.body.data?.createCategory as { category: { id: string } }).category.id;
        expect(
          (await admin(`mutation { deleteCategory(id: "${id}") { ok } }`)).body.data?.deleteCategory,
        ).toEqual({ ok: true });
        expect(code(await admin('{ users { id } }'))).toBe('FORBIDDEN');
      });

      it('admin manages users of the company', async () => {
        const admin = await as('admin', company);
        const users = await admin('{ users(limit: 50) { email companyId } }');
        const list = users.body.data?.users as Array<{ email: string; companyId: string }>;
        expect(list.length).toBe(6);
        expect(new Set(list.map((user) => user.companyId))).toEqual(new Set([String(companyId)]));
      });
    });
  });

  describe('policies', () => {
    it('a policy with a condition on the row denies writes to closed orders, whoever holds order.update', async () => {
      const admin = await as('catalog_admin', 'acme');
      const delivered = await firstId(
        "SELECT id FROM customer_order WHERE company_id = 1 AND status = 'delivered'",
      );
      const response = await admin(
        `mutation { updateOrder(id: "${delivered}", input: { notes: "late edit" }) { ok } }`,
      );
      expect(response.body.errors?.[0]?.extensions).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'policy_deny',
      });
      const [row] = await db.query<{ notes: string | null }[]>(
        `SELECT notes FROM customer_order WHERE id = ${delivered}`,
      );
      expect(row.notes).not.toBe('late edit');
      const pending = await firstId(
        "SELECT id FROM customer_order WHERE company_id = 1 AND status = 'pending'",
      );
      expect(
        (await admin(`mutation { updateOrder(id: "${pending}", input: { notes: "fine" }) { ok } }`)).body.data
          ?.updateOrder,
      ).toEqual({ ok: true });
    });
  });

  describe('decorators on hand-written resolvers', () => {
    it('@RequireRole and @RequirePermission (every listed permission) guard their handlers', async () => {
      const catalogAdmin = await as('catalog_admin', 'acme');
      const support = await as('support', 'acme');
      const admin = await as('admin', 'acme');
      expect(code(await catalogAdmin('{ adminOnly }'))).toBe('FORBIDDEN');
      expect((await admin('{ adminOnly }')).body.data).toEqual({ adminOnly: 'for admins' });
      expect((await catalogAdmin('mutation { refundOrder }')).body.data).toEqual({ refundOrder: 'refunded' });
      expect(code(await support('mutation { refundOrder }'))).toBe('FORBIDDEN');
    });

    it('an entity names its own permission per operation (OrderItem reads need order.view)', async () => {
      const support = await as('support', 'acme');
      const viewer = await as('catalog_viewer', 'acme');
      expect((await support('{ orderItems(limit: 1) { id } }')).body.errors).toBeUndefined();
      expect(code(await viewer('{ orderItems(limit: 1) { id } }'))).toBe('FORBIDDEN');
    });
  });

  describe('tenant isolation', () => {
    it('a Globex user sees only Globex rows, everywhere', async () => {
      const globex = await as('catalog_admin', 'globex');
      const response = await globex(
        '{ products(limit: 100) { companyId category { companyId } } orders(limit: 20) { companyId customer { companyId } items { product { companyId } } } }',
      );
      const data = response.body.data as {
        products: Array<{ companyId: string; category: { companyId: string } }>;
        orders: Array<{
          companyId: string;
          customer: { companyId: string };
          items: Array<{ product: { companyId: string } }>;
        }>;
      };
      const companies = [
        ...data.products.flatMap((p) => [p.companyId, p.category.companyId]),
        ...data.orders.flatMap((o) => [
          o.companyId,
          o.customer.companyId,
          ...o.items.map((i) => i.product.companyId),
        ]),
      ];
      expect(new Set(companies)).toEqual(new Set(['2']));
      // The positive control: unscoped, the first rows of both lists would be Acme's.
      const [firstProduct] = await db.query<{ company_id: number }[]>(
        'SELECT company_id FROM product ORDER BY id LIMIT 1',
      );
      expect(Number(firstProduct.company_id)).toBe(1);
      expect(data.products.length).toBeGreaterThan(0);
    });

    it('a Globex user filtering orders by an Acme customer gets nothing; retrieving an Acme row is null and recorded', async () => {
      const globex = await as('catalog_admin', 'globex');
      const acmeCustomer = await firstId('SELECT id FROM customer WHERE company_id = 1');
      const acmeProduct = await firstId('SELECT id FROM product WHERE company_id = 1');
      const byId = await globex(
        `{ orders(where: { customerId: { eq: "${acmeCustomer}" } }) { id } a: orders(where: { customer: { id: { eq: "${acmeCustomer}" } } }) { id } }`,
      );
      expect(byId.body.data).toEqual({ orders: [], a: [] });
      events.length = 0;
      const retrieved = await globex(`{ product(id: "${acmeProduct}") { id } }`);
      expect(retrieved.body.data).toEqual({ product: null });
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'tenant.violation', model: 'Product', entityId: acmeProduct }),
      );
    });

    it('connecting an Acme product into a Globex order is NOT_FOUND and writes nothing', async () => {
      const globex = await as('catalog_admin', 'globex');
      const acmeProduct = await firstId('SELECT id FROM product WHERE company_id = 1');
      // A pending order: closed ones refuse every update anyway (a policy).
      const globexOrder = await firstId(
        "SELECT id FROM customer_order WHERE company_id = 2 AND status = 'pending'",
      );
      const before = await db.query('SELECT COUNT(*) AS n FROM order_item');
      const response = await globex(
        `mutation { updateOrder(id: "${globexOrder}", input: { items: { create: [{ productId: "${acmeProduct}", quantity: 1, unitPrice: "1.00" }] } }) { ok errors { field code } } }`,
      );
      expect(response.body.data?.updateOrder).toEqual({
        ok: false,
        errors: [{ field: 'input.items.create.0.productId', code: 'NOT_FOUND' }],
      });
      expect(await db.query('SELECT COUNT(*) AS n FROM order_item')).toEqual(before);
    });

    it('the tenant comes from the signed principal: a client cannot create in, or move a row to, another company', async () => {
      const globex = await as('catalog_admin', 'globex');
      for (const input of [
        '{ name: "Smuggled", companyId: "1" }',
        '{ name: "Smuggled", company: { connect: "1" } }',
      ]) {
        const smuggled = await globex(`mutation { createCategory(input: ${input}) { ok } }`);
        expect(smuggled.body.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
      }
      // Without naming it, the row lands in the caller's own company.
      const created = await globex(
        'mutation { createCategory(input: { name: "Own" }) { ok category { companyId } } }',
      );
      expect(created.body.data?.createCategory).toEqual({ ok: true, category: { companyId: '2' } });
    });
  });

  describe('explainPermission', () => {
    const explain = async (client: Graphql, args: string) =>
      (
        await client(
          `{ explainPermission(${args}) { allowed reason roles effectivePermissions matchedPolicies contextRequired contextAllowed } }`,
        )
      ).body.data?.explainPermission as Record<string, unknown>;

    it('answers each reason code', async () => {
      const sales = await as('sales', 'acme');
      const viewer = await as('catalog_viewer', 'acme');
      const admin = await as('admin', 'acme');
      const salesId = await firstId("SELECT id FROM app_user WHERE email = 'sales@acme.example'");
      const othersOrder = await firstId(
        `SELECT id FROM customer_order WHERE company_id = 1 AND owner_id <> ${salesId}`,
      );
      // Open: a delivered or cancelled one is final for everyone (the closed-orders-are-final policy).
      const ownOrder = await firstId(
        `SELECT id FROM customer_order WHERE owner_id = ${salesId} AND status IN ('pending', 'confirmed')`,
      );
      const globexOrder = await firstId('SELECT id FROM customer_order WHERE company_id = 2');

      expect(await explain(sales, 'permission: "order.view"')).toMatchObject({
        allowed: true,
        reason: 'permission_granted',
        roles: ['sales', 'support', 'catalog_viewer'],
      });
      expect(await explain(viewer, 'permission: "order.view"')).toMatchObject({
        allowed: false,
        reason: 'permission_missing',
      });
      expect(
        await explain(sales, `permission: "order.update", model: "Order", objectId: "${othersOrder}"`),
      ).toMatchObject({ allowed: false, reason: 'not_owner', contextRequired: 'own', contextAllowed: false });
      expect(
        await explain(sales, `permission: "order.update", model: "Order", objectId: "${ownOrder}"`),
      ).toMatchObject({ allowed: true, contextRequired: 'own', contextAllowed: true });
      // Another tenant's row does not exist for this caller: the answer a missing row gets.
      const globex = await sales(
        `{ explainPermission(permission: "order.view", model: "Order", objectId: "${globexOrder}") { allowed } }`,
      );
      const missing = await sales(
        '{ explainPermission(permission: "order.view", model: "Order", objectId: "999999") { allowed } }',
      );
      expect(code(globex)).toBe('NOT_FOUND');
      expect(globex.body.errors?.[0].message).toBe(`Order ${globexOrder} does not exist`);
      expect(code(missing)).toBe('NOT_FOUND');
      expect(await explain(admin, 'permission: "company.delete"')).toMatchObject({
        allowed: false,
        reason: 'policy_deny',
        matchedPolicies: ['admins-never-delete-companies'],
      });
      expect(await explain(admin, 'permission: "report.run"')).toMatchObject({
        allowed: true,
        reason: 'policy_allow',
      });
    });

    it("explains another user's access to admins only", async () => {
      const salesId = await firstId("SELECT id FROM app_user WHERE email = 'sales@acme.example'");
      const viewer = await as('catalog_viewer', 'acme');
      expect(
        code(
          await viewer(`{ explainPermission(permission: "order.view", userId: "${salesId}") { allowed } }`),
        ),
      ).toBe('FORBIDDEN');
      const admin = await as('admin', 'acme');
      expect(await explain(admin, `permission: "order.create", userId: "${salesId}"`)).toMatchObject({
        allowed: true,
        reason: 'permission_granted',
      });
      const globexUser = await firstId("SELECT id FROM app_user WHERE email = 'sales@globex.example'");
      expect(
        code(
          await admin(`{ explainPermission(permission: "order.view", userId: "${globexUser}") { allowed } }`),
        ),
      ).toBe('NOT_FOUND');
    });
  });

  describe('role assignment', () => {
    it('admins assign and revoke roles in their company only', async () => {
      const admin = await as('admin', 'acme');
      const viewerId = await firstId("SELECT id FROM app_user WHERE email = 'catalog_viewer@acme.example'");
      const assigned = await admin(`mutation { assignRole(userId: "${viewerId}", role: "support") }`);
      expect(assigned.body.data?.assignRole).toEqual(['catalog_viewer', 'support']);
      const revoked = await admin(`mutation { revokeRole(userId: "${viewerId}", role: "support") }`);
      expect(revoked.body.data?.revokeRole).toEqual(['catalog_viewer']);
      expect(code(await admin(`mutation { assignRole(userId: "${viewerId}", role: "emperor") }`))).toBe(
        'BAD_USER_INPUT',
      );
      const globexUser = await firstId("SELECT id FROM app_user WHERE email = 'sales@globex.example'");
      expect(code(await admin(`mutation { assignRole(userId: "${globexUser}", role: "admin") }`))).toBe(
        'NOT_FOUND',
      );
      const sales = await as('sales', 'acme');
      expect(code(await sales(`mutation { assignRole(userId: "${viewerId}", role: "admin") }`))).toBe(
        'FORBIDDEN',
      );
    });

    it('holds maxUsers under concurrent assignments (admin: 3 per company)', async () => {
      const admin = await as('admin', 'globex');
      const candidates = (
        await db.query<{ id: number }[]>(
          "SELECT id FROM app_user WHERE company_id = 2 AND email <> 'admin@globex.example' ORDER BY id",
        )
      ).map((row) => String(row.id));
      const results = await Promise.all(
        candidates.map((id) => admin(`mutation { assignRole(userId: "${id}", role: "admin") }`)),
      );
      const granted = results.filter((result) => Array.isArray(result.body.data?.assignRole));
      const refused = results.filter((result) => code(result) === 'CONFLICT');
      expect(granted).toHaveLength(2);
      expect(refused).toHaveLength(candidates.length - 2);
      const rows = await db.query<{ roles: string | string[] }[]>(
        'SELECT roles FROM app_user WHERE company_id = 2',
      );
      const holders = rows.filter((row) =>
        (typeof row.roles === 'string' ? (JSON.parse(row.roles) as string[]) : row.roles).includes('admin'),
      );
      expect(holders).toHaveLength(3);
    });
  });
});
