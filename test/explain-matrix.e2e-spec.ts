import { DataSource } from 'typeorm';
import { Category, Customer, Order, OrderItem, Product } from '../apps/store-api/src/entities/index.js';
import { startStoreApp, type StoreApp } from './support/store-app.js';

/**
 * explainPermission must say what the API does. For every sample role, model
 * and operation, on rows of each kind (own, a colleague's, closed, another
 * tenant's), this asks explain and then tries the operation itself.
 */

type Headers = Record<string, string>;
type Operation = 'retrieve' | 'update' | 'delete' | 'create';
type RowKind = 'own' | 'colleague' | 'closed' | 'otherTenant';
type ModelName = 'Category' | 'Product' | 'Customer' | 'Order' | 'OrderItem';

interface Body {
  data: Record<string, { ok?: boolean; id?: string } | null> | null;
  errors?: Array<{ extensions: { code: string } }>;
}

const ROLES = ['catalog_viewer', 'support', 'catalog_editor', 'sales', 'catalog_admin', 'admin'];
const ACME = 1;
const GLOBEX = 2;

/** Row kinds that mean something per model: only orders (and their items) have owners and states. */
const ROW_KINDS: Record<ModelName, RowKind[]> = {
  Category: ['own', 'otherTenant'],
  Product: ['own', 'otherTenant'],
  Customer: ['own', 'otherTenant'],
  Order: ['own', 'colleague', 'closed', 'otherTenant'],
  OrderItem: ['own', 'colleague', 'otherTenant'],
};

const FIELD_NAMES: Record<ModelName, { single: string; prefix: string; viewPermission: string }> = {
  Category: { single: 'category', prefix: 'category', viewPermission: 'category.view' },
  Product: { single: 'product', prefix: 'product', viewPermission: 'product.view' },
  Customer: { single: 'customer', prefix: 'customer', viewPermission: 'customer.view' },
  Order: { single: 'order', prefix: 'order', viewPermission: 'order.view' },
  // Reading an order line needs order.view (declared on the entity); writing it order_item.*.
  OrderItem: { single: 'orderItem', prefix: 'order_item', viewPermission: 'order.view' },
};

const ACTION: Record<Operation, string> = {
  retrieve: 'view',
  update: 'update',
  delete: 'delete',
  create: 'create',
};

describe('explainPermission equals enforcement', () => {
  let store: StoreApp;
  let db: DataSource;
  let serial = 0;
  const unique = () => `${Date.now().toString(36)}${(serial += 1)}`;

  const userIdOf = async (email: string): Promise<number> =>
    (await db.query<{ id: number }[]>(`SELECT id FROM app_user WHERE email = '${email}'`))[0].id;
  const firstId = async (table: string, company: number): Promise<number> =>
    (
      await db.query<{ id: number }[]>(
        `SELECT id FROM ${table} WHERE company_id = ${company} ORDER BY id LIMIT 1`,
      )
    )[0].id;

  /** A fresh row of the kind, owned (where rows have owners) by `ownerId` or a colleague. */
  async function freshRow(
    model: ModelName,
    kind: RowKind,
    ownerId: number,
    colleagueId: number,
  ): Promise<number> {
    const company = kind === 'otherTenant' ? GLOBEX : ACME;
    const owner =
      kind === 'colleague'
        ? colleagueId
        : kind === 'otherTenant'
          ? await userIdOf('sales@globex.example')
          : ownerId;
    const insert = async (entity: new () => object, values: Record<string, unknown>): Promise<number> =>
      Number((await db.getRepository(entity).insert(values)).identifiers[0].id);
    switch (model) {
      case 'Category':
        return insert(Category, { companyId: company, name: `Matrix ${unique()}` });
      case 'Product':
        return insert(Product, {
          companyId: company,
          categoryId: await firstId('category', company),
          name: `Matrix ${unique()}`,
          sku: `MX-${unique()}`,
          price: '10.00',
        });
      case 'Customer':
        return insert(Customer, {
          companyId: company,
          name: `Matrix ${unique()}`,
          email: `m${unique()}@example.com`,
          country: 'DE',
        });
      case 'Order':
        return insert(Order, {
          companyId: company,
          customerId: await firstId('customer', company),
          ownerId: owner,
          reference: `MX-${unique()}`,
          status: kind === 'closed' ? 'cancelled' : 'pending',
        });
      case 'OrderItem': {
        const orderId = await freshRow('Order', kind, ownerId, colleagueId);
        return insert(OrderItem, {
          orderId,
          productId: await firstId('product', company),
          quantity: 1,
          unitPrice: '5.00',
        });
      }
    }
  }

  /** The operation's input for a create: valid, so that only authorization can refuse it. */
  async function createInput(
    model: ModelName,
    ownerId: number,
    colleagueId: number,
  ): Promise<Record<string, unknown>> {
    switch (model) {
      case 'Category':
        return { name: `Matrix ${unique()}` };
      case 'Product':
        return {
          name: `Matrix ${unique()}`,
          sku: `MX-${unique()}`,
          price: '10.00',
          categoryId: String(await firstId('category', ACME)),
        };
      case 'Customer':
        return { name: `Matrix ${unique()}`, email: `m${unique()}@example.com`, country: 'DE' };
      case 'Order':
        return { reference: `MX-${unique()}`, customerId: String(await firstId('customer', ACME)) };
      case 'OrderItem':
        return {
          orderId: String(await freshRow('Order', 'own', ownerId, colleagueId)),
          productId: String(await firstId('product', ACME)),
          quantity: 1,
          unitPrice: '5.00',
        };
    }
  }

  const CHANGE: Record<ModelName, Record<string, unknown>> = {
    Category: { name: 'Matrix renamed' },
    Product: { name: 'Matrix renamed' },
    Customer: { name: 'Matrix renamed' },
    Order: { notes: 'Matrix note' },
    OrderItem: { quantity: 2 },
  };

  /** Runs the operation through the API; true when it did what was asked. */
  async function enforce(
    headers: Headers,
    model: ModelName,
    operation: Operation,
    id: number | undefined,
    input: Record<string, unknown>,
  ): Promise<boolean> {
    const { single } = FIELD_NAMES[model];
    const type = model;
    const query = {
      retrieve: `query($id: ID!) { result: ${single}(id: $id) { id } }`,
      update: `mutation($id: ID!, $input: Update${type}Input!) { result: update${type}(id: $id, input: $input) { ok } }`,
      delete: `mutation($id: ID!) { result: delete${type}(id: $id) { ok } }`,
      create: `mutation($input: Create${type}Input!) { result: create${type}(input: $input) { ok } }`,
    }[operation];
    const body = (
      await store.graphql(query, { id: id === undefined ? undefined : String(id), input }, headers)
    ).body as Body;
    const result = body.data?.result;
    if (body.errors?.length) {
      // A refusal, never a failure of the server.
      expect(['FORBIDDEN', 'NOT_FOUND']).toContain(body.errors[0].extensions.code);
      return false;
    }
    return operation === 'retrieve' ? result !== null : result?.ok === true;
  }

  async function explain(
    headers: Headers,
    model: ModelName,
    operation: Operation,
    id: number | undefined,
  ): Promise<boolean> {
    const { prefix, viewPermission } = FIELD_NAMES[model];
    const permission = operation === 'retrieve' ? viewPermission : `${prefix}.${ACTION[operation]}`;
    const body = (
      await store.graphql(
        'query($permission: String!, $model: String, $objectId: ID) { explainPermission(permission: $permission, model: $model, objectId: $objectId) { allowed } }',
        { permission, model, objectId: id === undefined ? undefined : String(id) },
        headers,
      )
    ).body as {
      data: { explainPermission: { allowed: boolean } } | null;
      errors?: Array<{ extensions: { code: string } }>;
    };
    if (body.errors?.length) {
      expect(body.errors[0].extensions.code).toBe('NOT_FOUND');
      return false;
    }
    return body.data!.explainPermission.allowed;
  }

  beforeAll(async () => {
    store = await startStoreApp({ user: null });
    db = store.app.get(DataSource);
  });
  afterAll(() => store.close());

  it.each(ROLES)(
    '%s: explain answers what the API does, for every model, operation and kind of row',
    async (role) => {
      const headers = await store.fullSession(`${role}@acme.example`);
      const ownerId = await userIdOf(`${role}@acme.example`);
      const colleagueId = await userIdOf(
        role === 'sales' ? 'catalog_admin@acme.example' : 'sales@acme.example',
      );
      const disagreements: string[] = [];
      const outcomes = new Set<boolean>();
      for (const model of Object.keys(ROW_KINDS) as ModelName[]) {
        for (const operation of ['retrieve', 'update', 'delete', 'create'] as const) {
          const kinds: Array<RowKind | undefined> = operation === 'create' ? [undefined] : ROW_KINDS[model];
          for (const kind of kinds) {
            const id = kind === undefined ? undefined : await freshRow(model, kind, ownerId, colleagueId);
            const explained = await explain(headers, model, operation, id);
            const input =
              operation === 'create' ? await createInput(model, ownerId, colleagueId) : CHANGE[model];
            const enforced = await enforce(headers, model, operation, id, input);
            outcomes.add(enforced);
            if (explained !== enforced) {
              disagreements.push(
                `${model} ${operation} ${kind ?? ''}: explain ${explained}, API ${enforced}`,
              );
            }
          }
        }
      }
      expect(disagreements).toEqual([]);
      // Every role is allowed something and refused something: the matrix is not uniform.
      expect([...outcomes].sort()).toEqual([false, true]);
    },
  );
});
