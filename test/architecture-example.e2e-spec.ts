// The runnable example of docs/architecture.md: a library of one's own,
// built on @rail/core's ports alone, added to the sample app.
import { Inject, Module, Optional } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import {
  AuditSink,
  describeStartupError,
  ModelReader,
  railLibraryModule,
  RequirePermission,
} from '@rail/core';
import { GraphQLJSON } from 'graphql-scalars';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { startStoreApp, type StoreApp } from './support/store-app.js';

// --- the example, as in the docs ---------------------------------------------

export const orderDigestOptionsSchema = z.strictObject({
  /** The most statuses one digest counts. */
  maxStatuses: z.number().int().min(1).max(100).default(20),
});
export type OrderDigestOptions = z.input<typeof orderDigestOptionsSchema>;
export const ORDER_DIGEST_OPTIONS = Symbol('ORDER_DIGEST_OPTIONS');

@Resolver()
export class OrderDigestResolver {
  constructor(
    private readonly reader: ModelReader,
    @Inject(ORDER_DIGEST_OPTIONS) private readonly options: z.output<typeof orderDigestOptionsSchema>,
    @Optional() private readonly audit?: AuditSink,
  ) {}

  @RequirePermission('order.view')
  @Query(() => GraphQLJSON, { description: "The caller's orders counted by status." })
  async orderDigest(): Promise<Record<string, number>> {
    const orders = this.reader.registry.get('Order');
    const result = await this.reader.aggregate(orders, {
      dimensions: [{ name: 'status', path: 'status' }],
      metrics: [{ name: 'orders', fn: 'count' }],
      maxBuckets: this.options.maxStatuses,
    });
    await this.audit?.record({ eventType: 'digest.viewed', outcome: 'success', model: 'Order' });
    return Object.fromEntries(result.rows.map(([status, count]) => [String(status), Number(count)]));
  }
}

@Module({})
export class OrderDigestModule extends railLibraryModule({
  name: 'OrderDigestModule',
  schema: orderDigestOptionsSchema,
  optionsToken: ORDER_DIGEST_OPTIONS,
  factoryMethodName: 'createOrderDigestOptions',
  module: { providers: [OrderDigestResolver] },
}) {}

// --- what it does in the app -------------------------------------------------

describe('a library built on the core ports (the docs/architecture.md example)', () => {
  let store: StoreApp;
  let db: DataSource;

  beforeAll(async () => {
    store = await startStoreApp({ imports: [OrderDigestModule.forRoot({ maxStatuses: 10 })] });
    db = store.app.get(DataSource);
  });
  afterAll(() => store.close());

  async function digestAs(email: string) {
    const { accessToken } = await store.signIn(email);
    return store.graphql('{ orderDigest }', {}, { authorization: `Bearer ${accessToken}` });
  }

  /** The orders of the company of the user `email`, by status, straight from the database. */
  async function countsOf(email: string): Promise<Record<string, number>> {
    const p = db.options.type === 'postgres' ? '$1' : '?';
    const rows = await db.query<Array<{ status: string; orders: string | number }>>(
      `SELECT o.status, COUNT(*) AS orders FROM customer_order o
       WHERE o.company_id = (SELECT company_id FROM app_user WHERE email = ${p}) GROUP BY o.status`,
      [email],
    );
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.orders)]));
  }

  it("reads through ModelReader under the API's rules: each company sees its own orders", async () => {
    const acme = await digestAs('support@acme.example');
    expect(acme.body.errors).toBeUndefined();
    expect(acme.body.data.orderDigest).toEqual(await countsOf('support@acme.example'));
    const globex = await digestAs('support@globex.example');
    expect(globex.body.data.orderDigest).toEqual(await countsOf('support@globex.example'));
    expect(globex.body.data.orderDigest).not.toEqual(acme.body.data.orderDigest);
  });

  it('is refused to a role without order.view, through the rbac library that enforces @RequirePermission', async () => {
    const response = await digestAs('catalog_viewer@acme.example');
    expect(response.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('writes to the audit trail through AuditSink', async () => {
    const viewed = async () => {
      const [row] = await db.query<Array<{ count: string | number }>>(
        "SELECT COUNT(*) AS count FROM audit_event WHERE event_type = 'digest.viewed'",
      );
      return Number(row.count);
    };
    const before = await viewed();
    await digestAs('support@acme.example');
    expect(await viewed()).toBe(before + 1);
  });

  it('refuses a bad option at start-up, as every library does: the key, what is expected, the value', async () => {
    const failure = await startStoreApp({
      imports: [OrderDigestModule.forRoot({ maxStatuses: 0, ...({ colour: 'red' } as object) })],
    }).then(
      () => new Error('expected start-up to fail'),
      (error: unknown) => error,
    );
    expect(describeStartupError(failure)).toContain(
      [
        'Invalid OrderDigestModule options:',
        '  - "maxStatuses": Too small: expected number to be >=1, received 0',
        '  - "colour" is not a known option',
      ].join('\n'),
    );
  });
});
