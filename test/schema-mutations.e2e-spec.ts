import { DataSource } from 'typeorm';
import { startStoreApp, type StoreApp } from './support/store-app.js';

describe('generated mutations', () => {
  let store: StoreApp;
  let db: DataSource;
  const count = async (table: string): Promise<number> =>
    Number((await db.query<{ n: number | string }[]>(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    store = await startStoreApp();
    db = store.app.get(DataSource);
  });
  afterAll(() => store.close());

  const PRODUCT = `{ categoryId: "2", name: "Rail spike", sku: "RAIL-1", price: "12.50", costPrice: "4.10" }`;

  describe('create, update, delete', () => {
    it('creates a product and returns it with its relations', async () => {
      const response = await store
        .graphql(
          `mutation { createProduct(input: ${PRODUCT}) { ok errors { field } product { id name price status category { name } } } }`,
        )
        .expect(200);
      const payload = response.body.data.createProduct;
      expect(payload).toMatchObject({
        ok: true,
        errors: [],
        product: { name: 'Rail spike', price: '12.50', status: 'draft', category: { name: 'Power tools' } },
      });
      const [row] = await db.query<{ price: string | number }[]>(
        `SELECT price FROM product WHERE id = ${Number(payload.product.id)}`,
      );
      expect(Number(row.price)).toBe(12.5);
    });

    it('reports every invalid field at once and writes nothing', async () => {
      const before = await count('product');
      const response = await store
        .graphql(
          `mutation { createProduct(input: { name: "${'x'.repeat(201)}", sku: "A", price: "123456789012.5", costPrice: "1" }) { ok product { id } errors { field code message } } }`,
        )
        .expect(200);
      const payload = response.body.data.createProduct;
      expect(payload.ok).toBe(false);
      expect(payload.product).toBeNull();
      expect(payload.errors).toEqual(
        expect.arrayContaining([
          { field: 'input.categoryId', code: 'BAD_USER_INPUT', message: 'is required' },
          { field: 'input.name', code: 'BAD_USER_INPUT', message: 'must be at most 200 characters long' },
          {
            field: 'input.price',
            code: 'BAD_USER_INPUT',
            message: 'must have at most 10 digits before and 2 after the decimal point',
          },
        ]),
      );
      expect(await count('product')).toBe(before);
    });

    it('answers a payload field the writer may not read with FORBIDDEN at its path, the write done', async () => {
      // catalog_editor creates products but may not read companies: the payload's selection asks for one.
      const { accessToken } = await store.signIn('catalog_editor@acme.example');
      const headers = { authorization: `Bearer ${accessToken}` };
      const before = await count('product');
      const response = await store
        .graphql(
          `mutation { createProduct(input: { categoryId: "2", name: "Editor's spike", sku: "RAIL-ED-1", price: "3.00" }) { ok product { id name company { name } } } }`,
          undefined,
          headers,
        )
        .expect(200);
      expect(response.body.data.createProduct).toEqual({ ok: true, product: null });
      expect(response.body.errors).toHaveLength(1);
      expect(response.body.errors[0]).toMatchObject({
        path: ['createProduct', 'product'],
        extensions: { code: 'FORBIDDEN', field: 'ProductPayload.product' },
      });
      expect(response.body.errors[0].message).toMatch(/Company.*ProductPayload\.product/);
      expect(await count('product')).toBe(before + 1);
      // Without the unreadable part, the same writer's payload shows the row.
      const readable = await store
        .graphql(
          `mutation { createProduct(input: { categoryId: "2", name: "Editor's bolt", sku: "RAIL-ED-2", price: "3.00" }) { ok product { name } } }`,
          undefined,
          headers,
        )
        .expect(200);
      expect(readable.body).toEqual({
        data: { createProduct: { ok: true, product: { name: "Editor's bolt" } } },
      });
      // A bulk payload's list cannot be null: the error names it, and says the write is done.
      const bulk = await store
        .graphql(
          `mutation { bulkCreateProducts(inputs: [{ categoryId: "2", name: "Editor's nut", sku: "RAIL-ED-3", price: "1.00" }]) { ok products { company { name } } } }`,
          undefined,
          headers,
        )
        .expect(200);
      expect(bulk.body.errors[0]).toMatchObject({
        path: ['bulkCreateProducts', 'products'],
        extensions: { code: 'FORBIDDEN', field: 'BulkProductsPayload.products' },
      });
      expect(bulk.body.errors[0].message).toContain('the write is done');
      expect(await count('product')).toBe(before + 3);
    });

    it('turns a unique violation into CONFLICT on the field', async () => {
      const response = await store
        .graphql(
          `mutation { updateProduct(id: "3", input: { sku: "ACME-000004" }) { ok errors { field code message } } }`,
        )
        .expect(200);
      expect(response.body.data.updateProduct).toEqual({
        ok: false,
        errors: [{ field: 'input.sku', code: 'CONFLICT', message: 'is already taken' }],
      });
    });

    it('applies class-validator rules declared on the entity', async () => {
      const response = await store
        .graphql(
          `mutation { updateCustomer(id: "1", input: { email: "not-an-email", country: "de" }) { ok errors { field message } } }`,
        )
        .expect(200);
      expect(response.body.data.updateCustomer.errors).toEqual([
        { field: 'input.email', message: 'must be an email address' },
        { field: 'input.country', message: 'must be an ISO-3166 alpha-2 code such as DE' },
      ]);
    });

    it('refuses a float for a decimal: money stays a string', async () => {
      const response = await store
        .graphql(`mutation { updateProduct(id: "3", input: { price: 12.5 }) { ok } }`)
        .expect(400);
      // A literal its type refuses is bad input, as the same value in a variable is.
      expect(response.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    });

    it('updates only the given fields; a missing row is NOT_FOUND', async () => {
      const response = await store
        .graphql(
          `mutation { a: updateProduct(id: "5", input: { stock: 77, isActive: false }) { ok product { stock sku isActive } } b: updateProduct(id: "999999", input: { stock: 1 }) { ok errors { field code } } }`,
        )
        .expect(200);
      expect(response.body.data.a).toEqual({
        ok: true,
        product: { stock: 77, sku: 'ACME-000005', isActive: false },
      });
      const inactive = await store.graphql(
        '{ products(where: { id: { eq: "5" }, isActive: { eq: false } }) { id } }',
      );
      expect(inactive.body.data.products).toEqual([{ id: '5' }]);
      const reactivated = await store.graphql(
        'mutation { updateProduct(id: "5", input: { isActive: true }) { product { isActive } } }',
      );
      expect(reactivated.body.data.updateProduct.product).toEqual({ isActive: true });
      expect(response.body.data.b).toEqual({ ok: false, errors: [{ field: 'id', code: 'NOT_FOUND' }] });
    });

    it('deletes and shows the row as it was; a referenced row is a CONFLICT and stays', async () => {
      const created = await store.graphql(
        `mutation { createCategory(input: { name: "Temporary" }) { category { id } } }`,
      );
      const id = created.body.data.createCategory.category.id;
      const deleted = await store
        .graphql(`mutation { deleteCategory(id: "${id}") { ok category { id name } } }`)
        .expect(200);
      expect(deleted.body.data.deleteCategory).toEqual({ ok: true, category: { id, name: 'Temporary' } });
      expect(await db.query(`SELECT id FROM category WHERE id = ${Number(id)}`)).toEqual([]);

      const products = await count('product');
      const referenced = await store
        .graphql(`mutation { deleteProduct(id: "1") { ok errors { code } } }`)
        .expect(200);
      expect(referenced.body.data.deleteProduct).toEqual({ ok: false, errors: [{ code: 'CONFLICT' }] });
      expect(await count('product')).toBe(products);
    });
  });

  describe('nested writes', () => {
    const ORDER = (reference: string, items: string) =>
      `mutation { createOrder(input: { customer: { connect: "3" }, ownerId: "4", reference: "${reference}", totalAmount: "35.00", items: { create: [${items}] } }) { ok errors { field code message } order { id reference status customer { id } items { quantity unitPrice product { id } } } } }`;

    it('creates an order with its items in one mutation', async () => {
      const response = await store
        .graphql(
          ORDER(
            'NESTED-1',
            `{ productId: "1", quantity: 2, unitPrice: "10.00" }, { productId: "2", quantity: 1, unitPrice: "15.00" }`,
          ),
        )
        .expect(200);
      expect(response.body.data.createOrder).toMatchObject({
        ok: true,
        order: {
          reference: 'NESTED-1',
          status: 'pending',
          customer: { id: '3' },
          items: [
            { quantity: 2, unitPrice: '10.00', product: { id: '1' } },
            { quantity: 1, unitPrice: '15.00', product: { id: '2' } },
          ],
        },
      });
    });

    it('rolls the whole order back when one item fails (bad product, bad quantity)', async () => {
      const [orders, items] = [await count('customer_order'), await count('order_item')];
      const missing = await store
        .graphql(
          ORDER(
            'NESTED-2',
            `{ productId: "1", quantity: 1, unitPrice: "1.00" }, { productId: "999999", quantity: 1, unitPrice: "1.00" }`,
          ),
        )
        .expect(200);
      expect(missing.body.data.createOrder).toMatchObject({
        ok: false,
        order: null,
        errors: [{ field: 'input.items.create.1.productId', code: 'NOT_FOUND' }],
      });
      const negative = await store
        .graphql(
          ORDER(
            'NESTED-3',
            `{ productId: "1", quantity: 1, unitPrice: "1.00" }, { productId: "2", quantity: 0, unitPrice: "1.00" }`,
          ),
        )
        .expect(200);
      expect(negative.body.data.createOrder).toMatchObject({
        ok: false,
        errors: [{ field: 'input.items.create.1.quantity', code: 'BAD_USER_INPUT' }],
      });
      expect([await count('customer_order'), await count('order_item')]).toEqual([orders, items]);
    });

    it('adds and deletes items of an existing order; cannot unlink a required relation', async () => {
      const created = await store.graphql(
        ORDER('NESTED-4', `{ productId: "1", quantity: 1, unitPrice: "1.00" }`),
      );
      const order = created.body.data.createOrder.order;
      const [{ id: itemId }] = await db.query<{ id: number }[]>(
        `SELECT id FROM order_item WHERE order_id = ${Number(order.id)}`,
      );
      const changed = await store
        .graphql(
          `mutation { updateOrder(id: "${order.id}", input: { notes: "changed", items: { delete: ["${itemId}"], create: [{ productId: "3", quantity: 4, unitPrice: "2.00" }] } }) { ok errors { message } order { notes items { quantity product { id } } } } }`,
        )
        .expect(200);
      expect(changed.body.data.updateOrder).toEqual({
        ok: true,
        errors: [],
        order: { notes: 'changed', items: [{ quantity: 4, product: { id: '3' } }] },
      });
      const unlink = await store
        .graphql(
          `mutation { updateOrder(id: "${order.id}", input: { items: { disconnect: ["1"] } }) { ok errors { field code } } }`,
        )
        .expect(200);
      expect(unlink.body.data.updateOrder).toEqual({
        ok: false,
        errors: [{ field: 'input.items', code: 'BAD_USER_INPUT' }],
      });
    });
  });

  describe('to-many links on an optional relation', () => {
    it('connects, disconnects and sets the children of a category', async () => {
      const created = await store.graphql(
        `mutation { bulkCreateCategories(inputs: [{ name: "Root" }, { name: "K1" }, { name: "K2" }, { name: "K3" }]) { categories { id } } }`,
      );
      const [root, k1, k2, k3] = created.body.data.bulkCreateCategories.categories.map(
        (c: { id: string }) => c.id,
      );
      const children = async (): Promise<string[]> => {
        const response = await store.graphql(
          `{ category(id: "${root}") { children(orderBy: [{ id: ASC }]) { id } } }`,
        );
        return (response.body.data.category.children as Array<{ id: string }>).map((c) => c.id);
      };
      const update = (ops: string) =>
        store.graphql(
          `mutation { updateCategory(id: "${root}", input: { children: { ${ops} } }) { ok errors { field code } } }`,
        );
      expect((await update(`connect: ["${k1}", "${k2}"]`)).body.data.updateCategory.ok).toBe(true);
      expect(await children()).toEqual([k1, k2]);
      expect((await update(`disconnect: ["${k1}"]`)).body.data.updateCategory.ok).toBe(true);
      expect(await children()).toEqual([k2]);
      expect((await update(`set: ["${k1}", "${k3}"]`)).body.data.updateCategory.ok).toBe(true);
      expect(await children()).toEqual([k1, k3]);
      const missing = await update(`connect: ["999999"]`);
      expect(missing.body.data.updateCategory).toEqual({
        ok: false,
        errors: [{ field: 'input.children.connect.0', code: 'NOT_FOUND' }],
      });
      expect(await children()).toEqual([k1, k3]);
    });
  });

  describe('bulk', () => {
    it('creates, updates and deletes several rows', async () => {
      const created = await store
        .graphql(
          `mutation { bulkCreateCategories(inputs: [{ name: "B1" }, { name: "B2", parentId: "1" }]) { ok categories { id name parent { name } } } }`,
        )
        .expect(200);
      const categories = created.body.data.bulkCreateCategories.categories;
      expect(categories.map((category: { name: string }) => category.name)).toEqual(['B1', 'B2']);
      expect(categories[1].parent).toEqual({ name: 'Tools' });
      const ids = categories.map((category: { id: string }) => category.id);
      const updated = await store
        .graphql(
          `mutation { bulkUpdateCategories(inputs: [{ id: "${ids[0]}", data: { name: "B1x" } }, { id: "${ids[1]}", data: { name: "B2x" } }]) { ok categories { name } } }`,
        )
        .expect(200);
      expect(updated.body.data.bulkUpdateCategories).toEqual({
        ok: true,
        categories: [{ name: 'B1x' }, { name: 'B2x' }],
      });
      const deleted = await store
        .graphql(
          `mutation { bulkDeleteCategories(ids: ["${ids[1]}", "${ids[0]}"]) { ok categories { name } } }`,
        )
        .expect(200);
      expect(deleted.body.data.bulkDeleteCategories).toEqual({
        ok: true,
        categories: [{ name: 'B2x' }, { name: 'B1x' }],
      });
    });

    it('is all or nothing: one bad item leaves the table unchanged', async () => {
      const before = await count('product');
      const response = await store
        .graphql(
          `mutation { bulkCreateProducts(inputs: [{ categoryId: "2", name: "ok", sku: "BULK-1", price: "1", costPrice: "1" }, { categoryId: "2", name: "dup", sku: "ACME-000001", price: "1", costPrice: "1" }]) { ok products { id } errors { field code } } }`,
        )
        .expect(200);
      expect(response.body.data.bulkCreateProducts).toEqual({
        ok: false,
        products: [],
        errors: [{ field: 'inputs.1.sku', code: 'CONFLICT' }],
      });
      expect(await count('product')).toBe(before);
    });

    it('refuses more than maxBulkSize items before writing anything', async () => {
      const before = await count('category');
      const inputs = Array.from({ length: 101 }, (_, index) => ({ name: `C${index}` }));
      const response = await store
        .graphql(
          `mutation($inputs: [CreateCategoryInput!]!) { bulkCreateCategories(inputs: $inputs) { ok } }`,
          { inputs },
        )
        .expect(200);
      expect(response.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(response.body.errors[0].message).toContain('at most 100');
      expect(await count('category')).toBe(before);
    });

    it('bounds each list of a nested write the same way, naming it', async () => {
      const products = await db.query<Array<{ id: number }>>(
        'SELECT id FROM product WHERE company_id = 1 LIMIT 1',
      );
      const connect = Array.from({ length: 5_000 }, () => String(products[0].id));
      const response = await store
        .graphql(
          `mutation($inputs: [BulkUpdateCategoryInput!]!) { bulkUpdateCategories(inputs: $inputs) { ok } }`,
          { inputs: [{ id: '2', data: { products: { connect } } }] },
        )
        .expect(200);
      expect(response.body.errors[0]).toMatchObject({
        message:
          'inputs.0.data.products.connect lists 5000 rows; at most 100 are allowed in one nested write',
        extensions: { code: 'BAD_USER_INPUT', field: 'inputs.0.data.products.connect' },
      });
    });
  });

  describe('order status actions', () => {
    let orderId: string;
    beforeAll(async () => {
      const created = await store.graphql(
        `mutation { createOrder(input: { customerId: "3", ownerId: "4", reference: "FLOW-1" }) { order { id status } } }`,
      );
      orderId = created.body.data.createOrder.order.id;
    });

    it('moves pending → confirmed → shipped → delivered', async () => {
      for (const [action, status] of [
        ['confirmOrder', 'confirmed'],
        ['shipOrder', 'shipped'],
        ['deliverOrder', 'delivered'],
      ] as const) {
        const response = await store
          .graphql(`mutation { ${action}(id: "${orderId}") { ok order { status } } }`)
          .expect(200);
        expect(response.body.data[action]).toEqual({ ok: true, order: { status } });
      }
    });

    it('refuses an illegal transition with BAD_USER_INPUT naming the allowed ones, and changes nothing', async () => {
      const response = await store.graphql(`mutation { cancelOrder(id: "${orderId}") { ok } }`).expect(200);
      expect(response.body.errors[0]).toMatchObject({
        message: 'A delivered order cannot become cancelled; allowed next: none',
        extensions: { code: 'BAD_USER_INPUT', allowed: [] },
      });
      const pending = await store.graphql(
        `mutation { createOrder(input: { customerId: "3", ownerId: "4", reference: "FLOW-2" }) { order { id } } }`,
      );
      const id = pending.body.data.createOrder.order.id;
      const ship = await store.graphql(`mutation { shipOrder(id: "${id}") { ok } }`).expect(200);
      expect(ship.body.errors[0].message).toBe(
        'A pending order cannot become shipped; allowed next: confirmed, cancelled',
      );
      const [row] = await db.query<{ status: string }[]>(
        `SELECT status FROM customer_order WHERE id = ${Number(id)}`,
      );
      expect(row.status).toBe('pending');
    });

    it('does not let a plain update change the status', async () => {
      const response = await store
        .graphql(`mutation { updateOrder(id: "${orderId}", input: { status: pending }) { ok } }`)
        .expect(400);
      expect(response.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    });
  });
});
