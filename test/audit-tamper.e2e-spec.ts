import { AuditService } from '@rail/audit';
import { DataSource, type EntityManager } from 'typeorm';
import { describeVerification, verifyStoreAuditTrail } from '../apps/store-api/src/audit/audit-cli.js';
import { startStoreApp, type StoreApp } from './support/store-app.js';

type Row = Record<string, unknown>;

/**
 * Attacks on the trail itself: edits through the app's own connection are
 * refused by the database; edits that bypass the triggers (a superuser) are
 * found by verification, which names the first broken link.
 */
describe('audit trail tamper evidence', () => {
  let store: StoreApp;
  let db: DataSource;
  let audit: AuditService;
  let postgres: boolean;
  const p = (index: number) => (postgres ? `$${index}` : '?');

  /** Runs statements with the append-only triggers out of the way, as a database superuser could. */
  async function bypassingTriggers(work: (manager: EntityManager) => Promise<unknown>): Promise<void> {
    if (postgres) {
      await db.transaction(async (manager) => {
        await manager.query('SET LOCAL session_replication_role = replica');
        await work(manager);
      });
      return;
    }
    await db.query('DROP TRIGGER IF EXISTS trg_audit_event_no_update');
    await db.query('DROP TRIGGER IF EXISTS trg_audit_event_no_delete');
    await work(db.manager);
  }

  async function updateProducts(count: number, offset: number): Promise<void> {
    const products = await db.query<Row[]>(
      `SELECT id FROM product WHERE company_id = 1 ORDER BY id LIMIT ${count} OFFSET ${offset}`,
    );
    // Concurrent writers: each appends to Acme's chain from its own transaction.
    const results = await Promise.all(
      products.map((product, index) =>
        store.graphql(
          `mutation($id: ID!, $stock: Int!) { updateProduct(id: $id, input: { stock: $stock }) { ok } }`,
          { id: String(product.id), stock: 1000 + offset + index },
        ),
      ),
    );
    for (const result of results) expect(result.body.data.updateProduct.ok).toBe(true);
  }

  const acmeChain = async (): Promise<Row[]> =>
    db.query<Row[]>(`SELECT id, seq, prev_hash, hash FROM audit_event WHERE company_id = '1' ORDER BY seq`);

  beforeAll(async () => {
    store = await startStoreApp();
    db = store.app.get(DataSource);
    audit = store.app.get(AuditService);
    postgres = db.options.type === 'postgres';
    await updateProducts(8, 0);
  });
  afterAll(() => store.close());

  it('links concurrent writers into one unbroken chain', async () => {
    const chain = await acmeChain();
    expect(chain.map((row) => Number(row.seq))).toEqual(chain.map((_, index) => index + 1));
    for (let index = 1; index < chain.length; index += 1)
      expect(chain[index].prev_hash).toBe(chain[index - 1].hash);
    expect((await audit.verify('1')).ok).toBe(true);
  });

  it('refuses UPDATE and DELETE of audit rows', async () => {
    const before = await acmeChain();
    const [row] = before;
    await expect(
      db.query(`UPDATE audit_event SET reason = 'edited' WHERE id = ${p(1)}`, [row.id]),
    ).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM audit_event WHERE id = ${p(1)}`, [row.id])).rejects.toThrow(
      /append-only/,
    );
    if (postgres) await expect(db.query('TRUNCATE audit_event')).rejects.toThrow(/append-only/);
    expect(await acmeChain()).toEqual(before);
  });

  it('prunes old rows behind a checkpoint, and the rest still verifies', async () => {
    const before = await acmeChain();
    // Everything so far is "old".
    const results = await audit.pruneOlderThan(new Date(Date.now() + 60_000));
    expect(results.find((result) => result.companyId === '1')).toEqual({
      companyId: '1',
      pruned: before.length,
      throughSeq: String(before.length),
    });
    const after = await acmeChain();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ prev_hash: before.at(-1)!.hash });
    await updateProducts(3, 8);
    const verification = await audit.verify();
    expect(verification.chains.filter((chain) => chain.broken)).toEqual([]);
    // The checkpoint vouches for what is gone, not for what is still there.
    const [checkpoint] = await acmeChain();
    await expect(db.query(`DELETE FROM audit_event WHERE id = ${p(1)}`, [checkpoint.id])).rejects.toThrow(
      /append-only/,
    );
  });

  it('finds a row edited behind the triggers and names it (service and audit:verify)', async () => {
    const chain = await acmeChain();
    const victim = chain[2];
    await bypassingTriggers((manager) =>
      manager.query(`UPDATE audit_event SET reason = 'nothing to see' WHERE id = ${p(1)}`, [victim.id]),
    );
    const verification = await audit.verify('1');
    expect(verification.ok).toBe(false);
    expect(verification.chains[0].broken).toMatchObject({ id: victim.id, problem: 'content_changed' });

    if (postgres) {
      // The command an operator runs, against the same database.
      const fromCli = await verifyStoreAuditTrail({ DATABASE_URL: store.database.env.DATABASE_URL });
      const lines = describeVerification(fromCli);
      expect(lines.find((line) => line.startsWith('BROKEN chain 1'))).toContain(
        `audit_event ${String(victim.id)} `,
      );
      expect(lines.at(-1)).toBe('The audit trail has been tampered with.');
    }
  });

  it('finds a row removed behind the triggers', async () => {
    const globexAdmin = await store.fullSession('catalog_admin@globex.example');
    const products = await db.query<Row[]>('SELECT id FROM product WHERE company_id = 2 ORDER BY id LIMIT 3');
    for (const product of products) {
      const updated = await store.graphql(
        `mutation($id: ID!) { updateProduct(id: $id, input: { stock: 7 }) { ok } }`,
        { id: String(product.id) },
        globexAdmin,
      );
      expect(updated.body.data.updateProduct.ok).toBe(true);
    }
    const chain = await db.query<Row[]>(
      `SELECT id, seq FROM audit_event WHERE company_id = '2' ORDER BY seq`,
    );
    expect((await audit.verify('2')).ok).toBe(true);
    const [removed, next] = chain.slice(-2);
    await bypassingTriggers((manager) =>
      manager.query(`DELETE FROM audit_event WHERE id = ${p(1)}`, [removed.id]),
    );
    const verification = await audit.verify('2');
    expect(verification.chains[0].broken).toMatchObject({ id: next.id, problem: 'sequence_gap' });
    expect(verification.chains[0].broken?.message).toContain(
      `rows ${Number(removed.seq)}..${Number(removed.seq)} are missing`,
    );
  });
});
