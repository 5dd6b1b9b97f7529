import { DataSource } from 'typeorm';
import { startStoreApp, type StoreApp } from './support/store-app.js';

// The tables and columns of docs/sample-store.md: outside tools read them,
// so a rename here is a breaking change, not a refactoring.
const contract: Record<string, string[]> = {
  company: ['id', 'name', 'country', 'created_at'],
  app_user: [
    'id',
    'company_id',
    'email',
    'password_hash',
    'display_name',
    'roles',
    'is_active',
    'created_at',
  ],
  category: ['id', 'company_id', 'name', 'parent_id'],
  product: [
    'id',
    'company_id',
    'category_id',
    'name',
    'sku',
    'price',
    'cost_price',
    'status',
    'is_active',
    'stock',
    'created_at',
    'updated_at',
  ],
  customer: ['id', 'company_id', 'name', 'email', 'phone', 'country', 'credit_limit', 'created_at'],
  customer_order: [
    'id',
    'company_id',
    'customer_id',
    'owner_id',
    'reference',
    'status',
    'total_amount',
    'notes',
    'created_at',
    'updated_at',
  ],
  order_item: ['id', 'order_id', 'product_id', 'quantity', 'unit_price'],
};

// Every foreign key is the leading column of some index, plus the listed composites.
const requiredIndexes: Array<[table: string, columns: string[]]> = [
  ['app_user', ['company_id']],
  ['category', ['company_id']],
  ['category', ['parent_id']],
  ['product', ['company_id', 'status']],
  ['product', ['category_id']],
  ['product', ['name']],
  ['customer', ['company_id']],
  ['customer_order', ['company_id', 'created_at']],
  ['customer_order', ['customer_id']],
  ['customer_order', ['owner_id']],
  ['customer_order', ['status']],
  ['order_item', ['order_id']],
  ['order_item', ['product_id']],
];

const sorted = (values: string[]): string[] => [...values].sort();

describe('the database matches docs/sample-store.md', () => {
  let store: StoreApp;
  let db: DataSource;
  let postgres: boolean;
  beforeAll(async () => {
    store = await startStoreApp();
    db = store.app.get(DataSource);
    postgres = db.options.type === 'postgres';
  });
  afterAll(() => store.close());

  async function columnsOf(table: string): Promise<string[]> {
    if (postgres) {
      const rows = await db.query<{ column_name: string }[]>(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
        [table],
      );
      return rows.map((row) => row.column_name);
    }
    const rows = await db.query<{ name: string }[]>(`SELECT name FROM pragma_table_info(?)`, [table]);
    return rows.map((row) => row.name);
  }

  async function indexesOf(table: string): Promise<string[][]> {
    if (postgres) {
      const rows = await db.query<{ columns: string[] }[]>(
        `SELECT array_agg(a.attname::text ORDER BY k.ordinality) AS columns
           FROM pg_index i
           JOIN pg_class t ON t.oid = i.indrelid
           CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ordinality)
           JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
          WHERE t.relname = $1
          GROUP BY i.indexrelid`,
        [table],
      );
      return rows.map((row) => row.columns);
    }
    const indexes = await db.query<{ name: string }[]>(`SELECT name FROM pragma_index_list(?)`, [table]);
    return Promise.all(
      indexes.map(async ({ name }) =>
        (
          await db.query<{ name: string }[]>(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`, [name])
        ).map((column) => column.name),
      ),
    );
  }

  it('has exactly the contract tables', async () => {
    const rows: { name: string }[] = postgres
      ? await db.query(
          `SELECT table_name AS name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations'`,
        )
      : await db.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
    // Besides the contract, only the libraries' own tables: auth (sessions, tokens, MFA), audit, tasks, reports.
    const names = rows.map((row) => row.name);
    const libraryTables = (name: string) =>
      name.startsWith('auth_') ||
      name.startsWith('webhook_') ||
      ['audit_event', 'task_run', 'report_dataset'].includes(name);
    expect(sorted(names.filter((name) => !libraryTables(name)))).toEqual(sorted(Object.keys(contract)));
    expect(names).toEqual(
      expect.arrayContaining([
        'audit_event',
        'task_run',
        'report_dataset',
        'webhook_endpoint',
        'webhook_event',
        'webhook_delivery',
      ]),
    );
    expect(sorted(names.filter((name) => name.startsWith('auth_')))).toEqual([
      'auth_mfa_challenge',
      'auth_mfa_device',
      'auth_recovery_code',
      'auth_refresh_token',
      'auth_session',
      'auth_throttle',
    ]);
  });

  it.each(Object.entries(contract))('table %s has exactly the contract columns', async (table, columns) => {
    expect(sorted(await columnsOf(table))).toEqual(sorted(columns));
  });

  it.each(requiredIndexes)('table %s has an index on (%s)', async (table, columns) => {
    expect(await indexesOf(table)).toContainEqual(columns);
  });

  it('stores money as numeric(12,2), timestamps with time zone and integer identity keys (PostgreSQL)', async () => {
    if (!postgres) {
      // SQLite has no such column types; the embedded database maps them (docs/database.md).
      expect(db.options.type).toBe('better-sqlite3');
      return;
    }
    const rows = await db.query<
      {
        table_name: string;
        column_name: string;
        data_type: string;
        numeric_precision: number | null;
        numeric_scale: number | null;
        is_identity: string;
      }[]
    >(
      `SELECT table_name, column_name, data_type, numeric_precision, numeric_scale, is_identity
         FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const column = (table: string, name: string) =>
      rows.find((row) => row.table_name === table && row.column_name === name);
    for (const [table, name] of [
      ['product', 'price'],
      ['product', 'cost_price'],
      ['customer', 'credit_limit'],
      ['customer_order', 'total_amount'],
      ['order_item', 'unit_price'],
    ] as const) {
      expect(column(table, name)).toMatchObject({
        data_type: 'numeric',
        numeric_precision: 12,
        numeric_scale: 2,
      });
    }
    for (const row of rows.filter((candidate) => candidate.column_name.endsWith('_at'))) {
      expect(row.data_type).toBe('timestamp with time zone');
    }
    for (const table of Object.keys(contract)) {
      expect(column(table, 'id')).toMatchObject({ data_type: 'integer', is_identity: 'YES' });
    }
  });

  it('the checked-in migrations produce exactly the schema the entities describe (PostgreSQL)', async () => {
    const pending = await db.driver.createSchemaBuilder().log();
    // On SQLite the schema is synchronized from the entities, so this also holds there.
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
    if (postgres) {
      const applied = await db.query<{ name: string }[]>('SELECT name FROM migrations');
      expect(applied.map((row) => row.name)).toEqual(db.migrations.map((migration) => migration.name));
    }
  });
});
