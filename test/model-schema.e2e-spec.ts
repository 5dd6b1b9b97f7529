import { DataSource } from 'typeorm';
import { startStoreApp, type StoreApp } from './support/store-app.js';

// `modelSchema` tells each caller what the field policies and permissions
// let them do, from the same extension points that guard the API.

interface FieldView {
  name: string;
  readAccess: string;
  writable: boolean;
  filterOperators: string[];
  enumValues: string[] | null;
}

interface ModelView {
  name: string;
  operations: string[];
  fields: FieldView[];
  relations: Array<{ name: string; target: string; cardinality: string }>;
  actions: Array<{ name: string; mutation: string; allowed: boolean }>;
}

const MODEL_SCHEMA = `query($model: String!) {
  modelSchema(model: $model) {
    name operations
    fields { name readAccess writable filterOperators enumValues }
    relations { name target cardinality }
    actions { name mutation allowed }
  }
}`;

describe('modelSchema: the models as each caller may use them', () => {
  let store: StoreApp;
  let db: DataSource;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    store = await startStoreApp();
    db = store.app.get(DataSource);
  });
  afterAll(() => store.close());

  async function as(email: string, query: string, variables: Record<string, unknown> = {}) {
    if (!tokens.has(email)) tokens.set(email, (await store.signIn(email)).accessToken!);
    return store.graphql(query, variables, { authorization: `Bearer ${tokens.get(email)}` });
  }

  async function modelAs(email: string, model: string): Promise<ModelView> {
    const response = await as(email, MODEL_SCHEMA, { model });
    expect(response.body.errors).toBeUndefined();
    return response.body.data.modelSchema as ModelView;
  }

  function field(model: ModelView, name: string): FieldView {
    const found = model.fields.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`${model.name} has no field ${name}`);
    return found;
  }

  it('shows customer PII in clear, masked or hidden exactly as the field policies say', async () => {
    const expected: Record<string, { email: string; creditLimit: string }> = {
      'catalog_admin@acme.example': { email: 'VISIBLE', creditLimit: 'VISIBLE' },
      'support@acme.example': { email: 'MASKED', creditLimit: 'HIDDEN' },
      'sales@acme.example': { email: 'MASKED', creditLimit: 'HIDDEN' },
      'catalog_viewer@acme.example': { email: 'HIDDEN', creditLimit: 'HIDDEN' },
    };
    for (const [email, access] of Object.entries(expected)) {
      const customer = await modelAs(email, 'Customer');
      expect({
        who: email,
        email: field(customer, 'email').readAccess,
        creditLimit: field(customer, 'creditLimit').readAccess,
        name: field(customer, 'name').readAccess,
      }).toEqual({ who: email, ...access, name: 'VISIBLE' });
    }
  });

  it('marks a field writable only for those its policy lets write it', async () => {
    const admin = await modelAs('catalog_admin@acme.example', 'Product');
    const editor = await modelAs('catalog_editor@acme.example', 'Product');
    expect(field(admin, 'costPrice')).toMatchObject({ readAccess: 'VISIBLE', writable: true });
    expect(field(editor, 'costPrice')).toMatchObject({ readAccess: 'HIDDEN', writable: false });
    expect(field(editor, 'name').writable).toBe(true);
    expect(field(editor, 'id').writable).toBe(false);
    // The tenant is the caller's, set by the API, for every role.
    expect(field(admin, 'companyId').writable).toBe(false);
  });

  it('lists the operations the caller may run, and hides a model the caller may not use', async () => {
    expect((await modelAs('support@acme.example', 'Order')).operations.sort()).toEqual([
      'list',
      'page',
      'retrieve',
    ]);
    const sales = await modelAs('sales@acme.example', 'Order');
    expect(sales.operations).toEqual(expect.arrayContaining(['create', 'update', 'list']));
    expect(sales.operations).not.toContain('delete');
    const refused = await as('catalog_viewer@acme.example', MODEL_SCHEMA, { model: 'Order' });
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'model' });
    const all = await as('catalog_viewer@acme.example', '{ modelSchemas { name } }');
    const names = (all.body.data.modelSchemas as Array<{ name: string }>).map((model) => model.name);
    expect(names).toContain('Product');
    expect(names).not.toContain('Order');
    expect(names).not.toContain('AuditEvent');
  });

  it('describes types, enums, filter operators, relations and actions from the one registry', async () => {
    const order = await modelAs('sales@acme.example', 'Order');
    expect(field(order, 'status').enumValues).toEqual([
      'pending',
      'confirmed',
      'shipped',
      'delivered',
      'cancelled',
    ]);
    expect(field(order, 'reference').filterOperators).toEqual(expect.arrayContaining(['eq', 'icontains']));
    expect(field(order, 'totalAmount').filterOperators).toEqual(expect.arrayContaining(['gte', 'between']));
    expect(order.relations).toEqual(
      expect.arrayContaining([
        { name: 'customer', target: 'Customer', cardinality: 'one' },
        { name: 'items', target: 'OrderItem', cardinality: 'many' },
      ]),
    );
    expect(order.actions.map((action) => action.mutation)).toEqual(expect.arrayContaining(['confirmOrder']));
  });

  it('carries what each installed library contributes about the model, read into the one registry', async () => {
    const response = await as('support@acme.example', '{ modelSchema(model: "Customer") { metadata } }');
    expect(response.body.errors).toBeUndefined();
    const metadata = response.body.data.modelSchema.metadata as Record<string, Record<string, unknown>>;
    expect(metadata.fieldSecurity).toEqual({
      fields: {
        email: { classification: 'pii' },
        phone: { classification: 'pii' },
        creditLimit: { classification: 'financial' },
      },
    });
    expect(metadata.audit).toEqual({ audited: true, reads: true, redacted: [] });
    expect(metadata.export).toEqual({
      fields: ['id', 'name', 'email', 'phone', 'country', 'creditLimit', 'createdAt'],
    });
    expect(metadata.webhooks).toEqual({
      events: ['customer.created', 'customer.updated', 'customer.deleted'],
    });
    // A model no library says anything about has no entry of theirs.
    const category = await as('support@acme.example', '{ modelSchema(model: "Category") { metadata } }');
    expect(category.body.data.modelSchema.metadata).toEqual({ audit: { audited: false } });
  });

  it('records no denial for what it answers "no" to: the questions are inquiries', async () => {
    const denials = async () => {
      const [row] = await db.query<Array<{ count: string | number }>>(
        "SELECT COUNT(*) AS count FROM audit_event WHERE event_type = 'permission.denied'",
      );
      return Number(row.count);
    };
    const before = await denials();
    await as('catalog_viewer@acme.example', '{ modelSchemas { name operations } }');
    expect(await denials()).toBe(before);
    // A real attempt still is one.
    await as('catalog_viewer@acme.example', '{ orders { id } }');
    expect(await denials()).toBe(before + 1);
  });
});
