import { Module } from '@nestjs/common';
import {
  RailError,
  RailErrorCode,
  RailExtension,
  RailExtensionPoint,
  type AuthorizationDecision,
  type FieldAuthorizer,
  type FieldReadAccess,
  type FieldAccessRequest,
  type MutationEvent,
  type MutationObserver,
  type OperationAuthorizer,
  type OperationRequest,
  type QueryScope,
  type ScopeCondition,
  type ScopeRequest,
} from '@rail/core';
import { DataSource } from 'typeorm';
import { startStoreApp, type StoreApp } from './support/store-app.js';

// Fake implementations of the core's extension points: the generated API must
// consult them on every path, whatever real library implements them later.

const misses: Array<{ model: string; operation: string; entityId: string }> = [];

/** Shows only company 1 (Acme); order items through their order. */
@RailExtension(RailExtensionPoint.QueryScope)
class AcmeOnly implements QueryScope {
  rowNotFound({ model, operation, entityId }: ScopeRequest & { entityId: string }): void {
    misses.push({ model, operation, entityId });
  }

  conditionsFor({ model }: ScopeRequest): ScopeCondition[] {
    if (model === 'OrderItem') return [{ order: { companyId: { eq: '1' } } }];
    if (['Product', 'Customer', 'Order', 'Category', 'User'].includes(model))
      return [{ companyId: { eq: '1' } }];
    return [];
  }
}

/** No deleting products; users are not listable. */
@RailExtension(RailExtensionPoint.OperationAuthorizer)
class NoProductDeletes implements OperationAuthorizer {
  authorize({ model, operation }: OperationRequest): AuthorizationDecision {
    if (model === 'Product' && operation === 'delete')
      return { allowed: false, reason: 'permission_missing' };
    if (model === 'User') return { allowed: false, reason: 'permission_missing' };
    return { allowed: true, reason: 'permission_granted' };
  }
}

/** Customer phone hidden, email masked and not writable. */
@RailExtension(RailExtensionPoint.FieldAuthorizer)
class CustomerPrivacy implements FieldAuthorizer {
  readAccess({ model }: FieldAccessRequest): Map<string, FieldReadAccess> {
    if (model !== 'Customer') return new Map();
    return new Map<string, FieldReadAccess>([
      ['phone', { visibility: 'hidden' }],
      ['email', { visibility: 'masked', mask: () => '***@***' }],
    ]);
  }
  deniedWrites({ model, fields }: FieldAccessRequest): Set<string> {
    return new Set(model === 'Customer' ? fields.filter((field) => field === 'email') : []);
  }
}

const events: MutationEvent[] = [];

/** Records every write; refuses (throws) for a product named "explode". */
@RailExtension(RailExtensionPoint.MutationObserver)
class RecordingObserver implements MutationObserver {
  beforeWrite(event: MutationEvent): void {
    if (event.model === 'Product' && event.after?.name === 'explode') {
      throw new RailError(RailErrorCode.FORBIDDEN, 'The observer refused this write');
    }
  }
  afterWrite(event: MutationEvent): void {
    events.push(event);
  }
}

@Module({ providers: [AcmeOnly, NoProductDeletes, CustomerPrivacy, RecordingObserver] })
class FakeExtensionsModule {}

describe('the generated API consults every extension point', () => {
  let store: StoreApp;
  let db: DataSource;
  let globex: { product: number; customer: number; order: number; category: number; item: number };

  beforeAll(async () => {
    store = await startStoreApp({ imports: [FakeExtensionsModule] });
    db = store.app.get(DataSource);
    const first = async (sql: string): Promise<number> =>
      Number((await db.query<{ id: number }[]>(sql))[0].id);
    globex = {
      product: await first('SELECT MIN(id) AS id FROM product WHERE company_id = 2'),
      customer: await first('SELECT MIN(id) AS id FROM customer WHERE company_id = 2'),
      order: await first('SELECT MIN(id) AS id FROM customer_order WHERE company_id = 2'),
      category: await first(
        'SELECT MIN(id) AS id FROM category WHERE company_id = 2 AND parent_id IS NOT NULL',
      ),
      item: await first(
        'SELECT MIN(i.id) AS id FROM order_item i JOIN customer_order o ON o.id = i.order_id WHERE o.company_id = 2',
      ),
    };
  });
  afterAll(() => store.close());

  describe('a scope that hides rows hides them everywhere', () => {
    it('from lists and page counts', async () => {
      const response = await store
        .graphql('{ products(limit: 100) { companyId } productPage { pageInfo { totalCount } } }')
        .expect(200);
      expect(new Set(response.body.data.products.map((p: { companyId: string }) => p.companyId))).toEqual(
        new Set(['1']),
      );
      const [{ n }] = await db.query<{ n: number | string }[]>(
        'SELECT COUNT(*) AS n FROM product WHERE company_id = 1',
      );
      expect(response.body.data.productPage.pageInfo.totalCount).toBe(Number(n));
    });

    it('from retrieve', async () => {
      const response = await store.graphql(`{ product(id: "${globex.product}") { id } }`).expect(200);
      expect(response.body.data.product).toBeNull();
    });

    it('from relation fields, even through a scope that is itself a relation filter', async () => {
      const response = await store
        .graphql(
          `{ orderItems(where: { orderId: { eq: "${globex.order}" } }) { id } categories(limit: 100) { products(limit: 100) { companyId } } }`,
        )
        .expect(200);
      expect(response.body.data.orderItems).toEqual([]);
      const companies = response.body.data.categories.flatMap((c: { products: { companyId: string }[] }) =>
        c.products.map((p) => p.companyId),
      );
      expect(new Set(companies)).toEqual(new Set(['1']));
    });

    it('from relation filters', async () => {
      const response = await store
        .graphql(`{ categories(where: { products: { some: { id: { eq: "${globex.product}" } } } }) { id } }`)
        .expect(200);
      expect(response.body.data.categories).toEqual([]);
    });

    it('from update and delete (NOT_FOUND, nothing changed)', async () => {
      const response = await store
        .graphql(
          `mutation { updateCategory(id: "${globex.category}", input: { name: "x" }) { ok errors { code } } deleteOrderItem(id: "${globex.item}") { ok errors { code } } }`,
        )
        .expect(200);
      expect(response.body.data.updateCategory).toEqual({ ok: false, errors: [{ code: 'NOT_FOUND' }] });
      expect(response.body.data.deleteOrderItem).toEqual({ ok: false, errors: [{ code: 'NOT_FOUND' }] });
      expect(await db.query(`SELECT id FROM order_item WHERE id = ${globex.item}`)).toHaveLength(1);
    });

    it('from connect, by relation or by key', async () => {
      const response = await store
        .graphql(
          `mutation { createOrder(input: { customer: { connect: "${globex.customer}" }, ownerId: "4", reference: "X-1", items: { create: [{ productId: "${globex.product}", quantity: 1, unitPrice: "1.00" }] } }) { ok errors { field code } } }`,
        )
        .expect(200);
      expect(response.body.data.createOrder).toEqual({
        ok: false,
        errors: [
          { field: 'input.customer.connect', code: 'NOT_FOUND' },
          { field: 'input.items.create.0.productId', code: 'NOT_FOUND' },
        ],
      });
    });

    it('is told of every lookup by id that found nothing, to record attempts on other tenants', async () => {
      misses.length = 0;
      await store.graphql(`{ product(id: "${globex.product}") { id } }`).expect(200);
      await store
        .graphql(`mutation { updateCategory(id: "${globex.category}", input: { name: "x" }) { ok } }`)
        .expect(200);
      expect(misses).toEqual([
        { model: 'Product', operation: 'retrieve', entityId: String(globex.product) },
        { model: 'Category', operation: 'update', entityId: String(globex.category) },
      ]);
    });

    it('fills a field the scope pins on create (the tenant), so clients need not send it', async () => {
      const response = await store
        .graphql(
          'mutation { createCategory(input: { name: "Preset" }) { ok errors { field message } category { companyId } } }',
        )
        .expect(200);
      expect(response.body.data.createCategory).toEqual({
        ok: true,
        errors: [],
        category: { companyId: '1' },
      });
    });

    it('and no write may move a row out of scope: no input names the tenant', async () => {
      for (const input of ['{ companyId: "2" }', '{ company: { connect: "2" } }']) {
        const response = await store.graphql(`mutation { updateCategory(id: "2", input: ${input}) { ok } }`);
        expect(response.body.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
        expect(response.body.errors[0].message).toMatch(
          /"company(Id)?" is not defined by type "UpdateCategoryInput"/,
        );
      }
      const [row] = await db.query<{ company_id: number }[]>('SELECT company_id FROM category WHERE id = 2');
      expect(Number(row.company_id)).toBe(1);
    });
  });

  describe('operation authorizers', () => {
    it('deny an operation with FORBIDDEN and the reason', async () => {
      const response = await store.graphql('mutation { deleteProduct(id: "5") { ok } }').expect(200);
      expect(response.body.errors[0].extensions).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'permission_missing',
      });
    });

    it('guard relation fields and relation filters on the related model too', async () => {
      const field = await store.graphql('{ orders(limit: 1) { owner { email } } }').expect(200);
      expect(field.body.errors[0].extensions.code).toBe('FORBIDDEN');
      const filter = await store
        .graphql('{ orders(where: { owner: { email: { startsWith: "admin" } } }) { id } }')
        .expect(200);
      expect(filter.body.errors[0].extensions.code).toBe('FORBIDDEN');
    });
  });

  describe('field authorizers', () => {
    it('mask and hide values, never leaking them', async () => {
      const response = await store.graphql('{ customers(limit: 3) { name email phone } }').expect(200);
      for (const customer of response.body.data.customers) {
        expect(customer.email).toBe('***@***');
        expect(customer.phone).toBeNull();
        expect(customer.name).not.toBe('***@***');
      }
    });

    it('refuse filtering and ordering by a field not readable in clear (no value oracle)', async () => {
      const filter = await store
        .graphql('{ customers(where: { phone: { startsWith: "+1" } }) { id } }')
        .expect(200);
      expect(filter.body.errors[0]).toMatchObject({
        extensions: { code: 'FORBIDDEN', field: 'Customer.phone' },
      });
      const nested = await store
        .graphql('{ orders(where: { customer: { email: { icontains: "a" } } }) { id } }')
        .expect(200);
      expect(nested.body.errors[0].extensions.code).toBe('FORBIDDEN');
      const order = await store.graphql('{ customers(orderBy: [{ email: ASC }]) { id } }').expect(200);
      expect(order.body.errors[0].extensions.code).toBe('FORBIDDEN');
    });

    it('quick search skips masked fields', async () => {
      const [row] = await db.query<{ email: string }[]>(
        'SELECT email FROM customer WHERE company_id = 1 AND id = 1',
      );
      const local = row.email.split('@')[1];
      const response = await store.graphql(`{ customers(where: { quick: "${local}" }) { id } }`).expect(200);
      expect(response.body.data.customers).toEqual([]);
    });

    it('refuse writing a field the principal may not write', async () => {
      const response = await store
        .graphql('mutation { updateCustomer(id: "1", input: { email: "a@b.example" }) { ok } }')
        .expect(200);
      expect(response.body.errors[0]).toMatchObject({
        message: 'You may not write Customer.email',
        extensions: { code: 'FORBIDDEN' },
      });
    });
  });

  describe('mutation observers', () => {
    it('see each write with before and after, nested writes included', async () => {
      events.length = 0;
      const response = await store
        .graphql('mutation { updateProduct(id: "6", input: { stock: 12 }) { ok } }')
        .expect(200);
      expect(response.body.data.updateProduct.ok).toBe(true);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        model: 'Product',
        operation: 'update',
        entityId: '6',
        after: { stock: 12 },
      });
      expect(events[0].before?.stock).not.toBe(12);
    });

    it('roll the mutation back when they throw', async () => {
      const before = await db.query<unknown[]>("SELECT id FROM product WHERE name = 'explode'");
      const response = await store
        .graphql(
          'mutation { createProduct(input: { categoryId: "2", name: "explode", sku: "BOOM-1", price: "1", costPrice: "1" }) { ok } }',
        )
        .expect(200);
      expect(response.body.errors[0].extensions.code).toBe('FORBIDDEN');
      expect(await db.query("SELECT id FROM product WHERE name = 'explode'")).toEqual(before);
    });
  });
});
