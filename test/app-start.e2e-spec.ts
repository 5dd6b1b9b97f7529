import { verify } from 'argon2';
import { DataSource } from 'typeorm';
import { TEST_PASSWORD } from './support/seeded-template.js';
import { startStoreApp, type StoreApp } from './support/store-app.js';

const STATS = '{ storeStats { products customers orders } }';

describe('the store app on a seeded database', () => {
  let store: StoreApp;
  beforeAll(async () => {
    store = await startStoreApp();
  });
  afterAll(() => store.close());

  it("serves GraphQL at /graphql with the demo data: the caller's company's counts only", async () => {
    const response = await store.graphql(STATS).expect(200);
    expect(response.body).toEqual({ data: { storeStats: { products: 500, customers: 250, orders: 1000 } } });
    // The positive control: the store holds twice as much; the other half is Globex's.
    const [{ count }] = await store.app
      .get(DataSource)
      .query<{ count: string | number }[]>('SELECT COUNT(*) AS count FROM product');
    expect(Number(count)).toBe(1000);
  });

  it('storeStats names the permission it needs (report.run), which a support user lacks', async () => {
    const support = await store.signIn('support@acme.example');
    const response = await store
      .graphql(STATS, {}, { authorization: `Bearer ${support.accessToken}` })
      .expect(200);
    expect(response.body.data).toBeNull();
    expect(response.body.errors[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      permission: 'report.run',
    });
  });

  it('has one demo user per role in each company, signed with the demo password', async () => {
    const users = await store.app
      .get(DataSource)
      .query<{ email: string; password_hash: string }[]>(
        'SELECT email, password_hash FROM app_user ORDER BY id',
      );
    expect(users.map((user) => user.email)).toEqual(
      ['acme', 'globex'].flatMap((company) =>
        ['catalog_viewer', 'support', 'catalog_editor', 'sales', 'catalog_admin', 'admin'].map(
          (role) => `${role}@${company}.example`,
        ),
      ),
    );
    expect(users[0].password_hash).toMatch(/^\$argon2id\$/);
    await expect(verify(users[0].password_hash, TEST_PASSWORD)).resolves.toBe(true);
  });

  it('keeps money as exact decimals: every order total is the sum of its items', async () => {
    const mismatches = await store.app.get(DataSource).query<unknown[]>(
      `SELECT o.id FROM customer_order o JOIN order_item i ON i.order_id = o.id
       GROUP BY o.id, o.total_amount HAVING ROUND(SUM(i.quantity * i.unit_price), 2) <> ROUND(o.total_amount, 2)`,
    );
    expect(mismatches).toEqual([]);
  });
});

describe('the first start on an empty database', () => {
  it('creates the schema and seeds the demo store (embedded default; SEED_WHEN_EMPTY elsewhere)', async () => {
    const onPostgres = Boolean(process.env.RAIL_TEST_POSTGRES_URL);
    const store = await startStoreApp({
      database: 'empty',
      env: onPostgres ? { SEED_WHEN_EMPTY: 'true' } : {},
    });
    try {
      const response = await store.graphql(STATS).expect(200);
      expect(response.body.data.storeStats).toEqual({ products: 500, customers: 250, orders: 1000 });
    } finally {
      await store.close();
    }
  });

  it('does not seed when SEED_WHEN_EMPTY=false, but the schema is there', async () => {
    const store = await startStoreApp({ database: 'empty', env: { SEED_WHEN_EMPTY: 'false' }, user: null });
    try {
      const db = store.app.get(DataSource);
      for (const table of ['company', 'app_user', 'product', 'customer_order', 'auth_session']) {
        const [{ n }] = await db.query<{ n: number | string }[]>(`SELECT COUNT(*) AS n FROM ${table}`);
        expect(Number(n)).toBe(0);
      }
    } finally {
      await store.close();
    }
  });
});
