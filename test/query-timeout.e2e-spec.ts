import { Module } from '@nestjs/common';
import { Args, Float, Int, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { Authenticated } from '@rail/core';
import { DataSource } from 'typeorm';
import { startStoreApp, type StoreApp } from './support/store-app.js';
import { testServices } from './support/services.js';

/** Slow SQL on purpose: registered by this test only, nothing of it is in the product. */
@Authenticated()
@Resolver()
class SlowResolver {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Has its own, short timeout (RAIL_STATEMENT_TIMEOUTS below). */
  @Query(() => Int)
  async slowReport(@Args('seconds', { type: () => Float }) seconds: number): Promise<number> {
    await this.dataSource.query('SELECT pg_sleep($1)', [seconds]);
    return 1;
  }

  /** Runs under the default timeout. */
  @Query(() => Int)
  async slowDefault(@Args('seconds', { type: () => Float }) seconds: number): Promise<number> {
    await this.dataSource.query('SELECT pg_sleep($1)', [seconds]);
    return 1;
  }
}

@Module({ providers: [SlowResolver] })
class SlowModule {}

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

const postgres = testServices().postgresUrl ? describe : describe.skip;

// The statement timeout is PostgreSQL's (`statement_timeout`); the embedded database has no way to cancel.
postgres('statement timeouts (PostgreSQL)', () => {
  let store: StoreApp;
  let dataSource: DataSource;
  beforeAll(async () => {
    store = await startStoreApp({
      imports: [SlowModule],
      env: { RAIL_STATEMENT_TIMEOUT_MS: '1500', RAIL_STATEMENT_TIMEOUTS: 'slowReport=300' },
    });
    dataSource = store.app.get(DataSource);
  });
  afterAll(() => store.close());

  const pool = () => (dataSource.driver as unknown as { master: PgPool }).master;

  /** Statements of this test's database still running pg_sleep. */
  async function sleepingStatements(): Promise<number> {
    const [row] = await dataSource.query<{ count: string }[]>(
      `SELECT count(*) AS count FROM pg_stat_activity
        WHERE datname = current_database() AND state = 'active' AND query LIKE 'SELECT pg_sleep%'`,
    );
    return Number(row?.count);
  }

  it('cancels a runaway statement in the database and answers QUERY_TIMEOUT', async () => {
    const started = Date.now();
    const response = await store.graphql('{ slowReport(seconds: 10) }').expect(200);
    const elapsed = Date.now() - started;
    expect(response.body.errors[0].extensions.code).toBe('QUERY_TIMEOUT');
    expect(response.body.errors[0].message).toMatch(/statement timeout/);
    expect(elapsed).toBeLessThan(5000);
    // Cancelled by PostgreSQL, not merely abandoned by the app.
    expect(await sleepingStatements()).toBe(0);
  });

  it('returns the connection to the pool: more timed-out requests than the pool has connections all finish', async () => {
    const { totalCount } = pool();
    for (let request = 0; request < 12; request++) {
      const response = await store.graphql('{ slowReport(seconds: 10) }');
      expect(response.body.errors[0].extensions.code).toBe('QUERY_TIMEOUT');
    }
    expect(pool().waitingCount).toBe(0);
    expect(pool().totalCount).toBeLessThanOrEqual(Math.max(totalCount, 10));
    const after = await store.graphql('{ products(limit: 1) { id } }').expect(200);
    expect(after.body.errors).toBeUndefined();
  });

  it('other fields run under the default timeout: shorter work finishes, longer is cancelled', async () => {
    const finished = await store.graphql('{ slowDefault(seconds: 0.6) }').expect(200);
    expect(finished.body).toEqual({ data: { slowDefault: 1 } });
    const cancelled = await store.graphql('{ slowDefault(seconds: 10) }').expect(200);
    expect(cancelled.body.errors[0].extensions.code).toBe('QUERY_TIMEOUT');
  });

  it('a statement that fails inside a transaction, on a connection whose timeout is unknown, leaves it usable', async () => {
    // A timed-out statement leaves its connection's timeout unknown; a unique violation then aborts a
    // transaction on such a connection. Nothing may be sent before its ROLLBACK (PostgreSQL refuses
    // everything else in an aborted transaction), or the connection would go back to the pool broken.
    for (let round = 0; round < 12; round++) {
      await store.graphql('{ slowReport(seconds: 10) }');
      const conflict = await store
        .graphql(
          'mutation { updateProduct(id: "3", input: { sku: "ACME-000004" }) { ok errors { field code } } }',
        )
        .expect(200);
      expect(conflict.body.data.updateProduct).toEqual({
        ok: false,
        errors: [{ field: 'input.sku', code: 'CONFLICT' }],
      });
    }
    for (let read = 0; read < 12; read++) {
      const response = await store.graphql('{ products(limit: 1) { id } }').expect(200);
      expect(response.body.errors).toBeUndefined();
    }
  });

  it('work outside a request keeps no timeout from a request that used the same connection', async () => {
    // Every pooled connection has run a request's statement by now; background work gets none.
    const rows = await Promise.all(
      Array.from({ length: 4 }, () =>
        dataSource.query<{ statement_timeout: string }[]>('SHOW statement_timeout'),
      ),
    );
    for (const [row] of rows) expect(row?.statement_timeout).toBe('0');
  });
});
