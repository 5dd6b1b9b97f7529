import { DataSource } from 'typeorm';
import { startStoreApp, type StoreApp } from './support/store-app.js';

type Row = Record<string, unknown>;
type Headers = Record<string, string>;
type Company = 'acme' | 'globex';
const COMPANY_ID: Record<Company, number> = { acme: 1, globex: 2 };
const OTHER: Record<Company, Company> = { acme: 'globex', globex: 'acme' };

/**
 * Cross-tenant writes through the to-many relation inputs of the generated
 * mutations (`connect`, `set`, `disconnect`): each is refused and leaves the
 * other tenant's rows as they were. Each refusal has its positive control: the
 * other tenant's row exists (read from the database), and the same operation on
 * a row of the caller's own tenant succeeds.
 */
describe.each(['acme', 'globex'] as const)('to-many relation writes as %s', (company) => {
  const other = OTHER[company];
  let store: StoreApp;
  let db: DataSource;
  let headers: Headers;
  const sql = (text: string): string => (db.options.type === 'postgres' ? text : text.replace(/\$\d+/g, '?'));
  const parentOf = async (table: string, column: string, id: string): Promise<string | null> => {
    const [row] = await db.query<Row[]>(sql(`SELECT ${column} AS link FROM ${table} WHERE id = $1`), [
      Number(id),
    ]);
    expect(row).toBeDefined();
    const link: unknown = row.link;
    return typeof link === 'number' || typeof link === 'string' ? String(link) : null;
  };
  const idsOf = async (query: string): Promise<string[]> =>
    (await db.query<Row[]>(query)).map((row) => String(row.id as string | number));
  const graphql = async (query: string): Promise<Row> => {
    const response = await store.graphql(query, undefined, headers);
    expect(response.body.errors).toBeUndefined();
    return response.body.data as Row;
  };
  /** A new category of the caller's, to link rows to. */
  const newCategory = async (name: string): Promise<string> => {
    const data = await graphql(
      `mutation { createCategory(input: { name: "${name}" }) { ok category { id } } }`,
    );
    expect(data.createCategory).toMatchObject({ ok: true });
    return (data.createCategory as { category: { id: string } }).category.id;
  };
  const updateCategory = async (id: string, input: string): Promise<Row> =>
    (
      await graphql(
        `mutation { updateCategory(id: "${id}", input: { ${input} }) { ok errors { field code } } }`,
      )
    ).updateCategory as Row;
  const refused = (field: string) => ({ ok: false, errors: [{ field, code: 'NOT_FOUND' }] });

  beforeAll(async () => {
    store = await startStoreApp({ user: null });
    db = store.app.get(DataSource);
    headers = await store.fullSession(`admin@${company}.example`);
  });
  afterAll(() => store.close());

  it(`children connect: a ${other} category is refused and keeps its parent`, async () => {
    const root = await newCategory('Connect root');
    const [theirs] = await idsOf(
      `SELECT id FROM category WHERE company_id = ${COMPANY_ID[other]} ORDER BY id`,
    );
    const [mine] = await idsOf(
      `SELECT id FROM category WHERE company_id = ${COMPANY_ID[company]} AND parent_id IS NOT NULL ORDER BY id`,
    );
    expect(theirs).toBeDefined();
    const theirParent = await parentOf('category', 'parent_id', theirs);

    expect(await updateCategory(root, `children: { connect: ["${theirs}"] }`)).toEqual(
      refused('input.children.connect.0'),
    );
    expect(await parentOf('category', 'parent_id', theirs)).toBe(theirParent);
    // Control: the same write on a category of the caller's own company goes through.
    expect(await updateCategory(root, `children: { connect: ["${mine}"] }`)).toEqual({
      ok: true,
      errors: [],
    });
    expect(await parentOf('category', 'parent_id', mine)).toBe(root);
  });

  it(`children set: a ${other} category is refused and keeps its parent`, async () => {
    const root = await newCategory('Set root');
    const [theirs] = await idsOf(
      `SELECT id FROM category WHERE company_id = ${COMPANY_ID[other]} ORDER BY id DESC`,
    );
    const mine = await newCategory('Set child');
    expect(theirs).toBeDefined();
    const theirParent = await parentOf('category', 'parent_id', theirs);

    expect(await updateCategory(root, `children: { set: ["${mine}", "${theirs}"] }`)).toEqual(
      refused('input.children.set.1'),
    );
    expect(await parentOf('category', 'parent_id', theirs)).toBe(theirParent);
    // Rolled back as a whole: the caller's own child was not linked either.
    expect(await parentOf('category', 'parent_id', mine)).toBeNull();
    expect(await updateCategory(root, `children: { set: ["${mine}"] }`)).toEqual({ ok: true, errors: [] });
    expect(await parentOf('category', 'parent_id', mine)).toBe(root);
  });

  it(`children disconnect and set: a ${other} category linked to the caller's row (planted in the database) is refused and stays linked`, async () => {
    const root = await newCategory('Disconnect root');
    const mine = await newCategory('Disconnect child');
    const [theirs] = await idsOf(
      `SELECT id FROM category WHERE company_id = ${COMPANY_ID[other]} ORDER BY id DESC LIMIT 1 OFFSET 1`,
    );
    expect(theirs).toBeDefined();
    // A cross-tenant link no API call can make: what an unscoped disconnect or set would undo.
    await db.query(sql('UPDATE category SET parent_id = $1 WHERE id = $2'), [Number(root), Number(theirs)]);
    expect(await updateCategory(root, `children: { connect: ["${mine}"] }`)).toEqual({
      ok: true,
      errors: [],
    });

    expect(await updateCategory(root, `children: { disconnect: ["${theirs}"] }`)).toEqual(
      refused('input.children.disconnect.0'),
    );
    expect(await parentOf('category', 'parent_id', theirs)).toBe(root);
    // `set` unlinks every linked row not listed: the other tenant's is not the caller's to unlink.
    expect(await updateCategory(root, `children: { set: ["${mine}"] }`)).toEqual(
      refused('input.children.set.0'),
    );
    expect(await parentOf('category', 'parent_id', theirs)).toBe(root);
    // Control: disconnecting the caller's own child goes through.
    expect(await updateCategory(root, `children: { disconnect: ["${mine}"] }`)).toEqual({
      ok: true,
      errors: [],
    });
    expect(await parentOf('category', 'parent_id', mine)).toBeNull();
  });

  it(`products connect: a ${other} product is refused and keeps its category`, async () => {
    const root = await newCategory('Products root');
    const [theirs] = await idsOf(
      `SELECT id FROM product WHERE company_id = ${COMPANY_ID[other]} ORDER BY id`,
    );
    const [mine] = await idsOf(
      `SELECT id FROM product WHERE company_id = ${COMPANY_ID[company]} ORDER BY id`,
    );
    expect(theirs).toBeDefined();
    const theirCategory = await parentOf('product', 'category_id', theirs);

    expect(await updateCategory(root, `products: { connect: ["${theirs}"] }`)).toEqual(
      refused('input.products.connect.0'),
    );
    expect(await parentOf('product', 'category_id', theirs)).toBe(theirCategory);
    expect(await updateCategory(root, `products: { connect: ["${mine}"] }`)).toEqual({
      ok: true,
      errors: [],
    });
    expect(await parentOf('product', 'category_id', mine)).toBe(root);
  });

  it(`order items connect: a ${other} order's item is refused and stays in its order`, async () => {
    const [order] = await idsOf(
      `SELECT id FROM customer_order WHERE company_id = ${COMPANY_ID[company]} AND status = 'pending' ORDER BY id`,
    );
    const itemsOutside = (companyId: number) =>
      idsOf(
        `SELECT i.id AS id FROM order_item i JOIN customer_order o ON o.id = i.order_id WHERE o.company_id = ${companyId} AND o.id <> ${order} ORDER BY i.id`,
      );
    const [theirs] = await itemsOutside(COMPANY_ID[other]);
    const [mine] = await itemsOutside(COMPANY_ID[company]);
    expect(theirs).toBeDefined();
    const theirOrder = await parentOf('order_item', 'order_id', theirs);
    const updateOrder = async (input: string): Promise<Row> =>
      (
        await graphql(
          `mutation { updateOrder(id: "${order}", input: { ${input} }) { ok errors { field code } } }`,
        )
      ).updateOrder as Row;

    expect(await updateOrder(`items: { connect: ["${theirs}"] }`)).toEqual(refused('input.items.connect.0'));
    expect(await parentOf('order_item', 'order_id', theirs)).toBe(theirOrder);
    // Control: an item of another order of the caller's own company can be moved in.
    expect(await updateOrder(`items: { connect: ["${mine}"] }`)).toEqual({ ok: true, errors: [] });
    expect(await parentOf('order_item', 'order_id', mine)).toBe(order);
  });
});
