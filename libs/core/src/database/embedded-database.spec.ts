import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Column, DataSource, type DataSourceOptions, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { resolveRailOptions } from '../options/resolve-rail-options.js';
import { createDataSourceOptions } from './typeorm-options.factory.js';

@Entity()
class Label {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 20 })
  code!: string;
}

describe('the embedded database (better-sqlite3)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'rail-embedded-'));
  const path = join(directory, 'app.sqlite');
  const open = async (file: string): Promise<DataSource> => {
    const options = resolveRailOptions({ entities: [Label], database: { sqlitePath: file } }, {});
    return new DataSource(createDataSourceOptions(options)).initialize();
  };
  let db: DataSource;

  beforeAll(async () => {
    db = await open(path);
  });
  afterAll(async () => {
    if (db.isInitialized) await db.destroy();
    rmSync(directory, { recursive: true, force: true });
  });

  it('opens the file with the write-ahead log, synchronous NORMAL and foreign keys', async () => {
    expect(db.options.type).toBe('better-sqlite3');
    const [{ journal_mode }] = await db.query<{ journal_mode: string }[]>('PRAGMA journal_mode');
    const [{ synchronous }] = await db.query<{ synchronous: number }[]>('PRAGMA synchronous');
    const [{ foreign_keys }] = await db.query<{ foreign_keys: number }[]>('PRAGMA foreign_keys');
    expect({ journal_mode, synchronous, foreign_keys }).toEqual({
      journal_mode: 'wal',
      synchronous: 1, // NORMAL
      foreign_keys: 1,
    });
  });

  it('takes the write lock when a transaction begins, so a second process waits its turn instead of failing it', async () => {
    // A second instance on the same file, impatient so that the test is quick.
    const other = await new DataSource({
      ...createDataSourceOptions(
        resolveRailOptions({ entities: [Label], database: { sqlitePath: path } }, {}),
      ),
      timeout: 50,
    } as DataSourceOptions).initialize();
    try {
      await db.transaction(async (manager) => {
        await manager.query('SELECT COUNT(*) FROM label');
        // A deferred BEGIN would hold only a read snapshot here: the other's write would pass and this
        // transaction's own write below would fail at once with "database is locked".
        await expect(other.query(`INSERT INTO label (code) VALUES ('other')`)).rejects.toThrow(/locked/);
        await manager.query(`INSERT INTO label (code) VALUES ('first')`);
      });
      await other.query(`INSERT INTO label (code) VALUES ('other')`);
      const codes = await db.query<{ code: string }[]>(
        `SELECT code FROM label WHERE code IN ('first', 'other')`,
      );
      expect(codes.map((row) => row.code).sort()).toEqual(['first', 'other']);
    } finally {
      await other.destroy();
      await db.query(`DELETE FROM label WHERE code IN ('first', 'other')`);
    }
  });

  it('binds integers as INTEGER and fractions as REAL, as PostgreSQL reads them', async () => {
    const [row] = await db.query<Record<string, unknown>[]>(
      `SELECT typeof(?) AS integer, ? || '' AS text, ? / 2 AS half, json_object('n', ?) AS json, typeof(?) AS fraction`,
      [7, 7, 5, 3, 1.5],
    );
    expect(row).toEqual({ integer: 'integer', text: '7', half: 2, json: '{"n":3}', fraction: 'real' });
  });

  it('compares numbers with a text column as their text: 1 as "1"', async () => {
    await db.getRepository(Label).save([{ code: '1' }, { code: '2' }, { code: '2.5' }]);
    const found = await db
      .getRepository(Label)
      .createQueryBuilder('label')
      .where('label.code IN (:...codes)', { codes: [1, 2.5] })
      .orderBy('label.id')
      .getMany();
    expect(found.map((label) => label.code)).toEqual(['1', '2.5']);
  });

  it("keeps SQLite's own 2 MB page cache, not better-sqlite3's 16 MB: the kernel caches the file already", async () => {
    const [{ cache_size }] = await db.query<{ cache_size: number }[]>('PRAGMA cache_size');
    expect(cache_size).toBe(-2000);
  });

  it("gathers the planner's statistics on opening: a tenant's rows are paged along the primary key, not sorted again per page", async () => {
    const file = join(directory, 'tenants.sqlite');
    const first = await open(file);
    await first.query(
      'CREATE TABLE item (id INTEGER PRIMARY KEY, company_id INTEGER NOT NULL, status TEXT NOT NULL)',
    );
    await first.query('CREATE INDEX idx_item_company_status ON item (company_id, status)');
    await first.query(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
       INSERT INTO item SELECT i, 1 + i % 2, 'active' FROM n`,
    );
    await first.destroy();
    const reopened = await open(file);
    try {
      const plan = await reopened.query<{ detail: string }[]>(
        'EXPLAIN QUERY PLAN SELECT id FROM item WHERE company_id = 1 AND id > 1000 ORDER BY id LIMIT 100',
      );
      expect(plan.map((step) => step.detail)).toEqual([
        expect.stringMatching(/INTEGER PRIMARY KEY \(rowid>\?\)/),
      ]);
    } finally {
      await reopened.destroy();
    }
  });

  it('leaves the whole database in the file once closed, so a plain copy is a complete database', async () => {
    await db.destroy();
    expect(existsSync(`${path}-wal`)).toBe(false);
    const copy = join(directory, 'copy.sqlite');
    copyFileSync(path, copy);
    const reopened = await open(copy);
    try {
      expect(await reopened.getRepository(Label).count()).toBe(3);
    } finally {
      await reopened.destroy();
    }
  });
});
