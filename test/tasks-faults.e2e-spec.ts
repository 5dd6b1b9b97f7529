import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildStoreApp, startBuiltStoreApp, type BuiltStoreApp } from './support/built-store-app.js';
import { connectTo, type DatabaseClient, type Row } from './support/database-client.js';
import { TEST_PASSWORD } from './support/seeded-template.js';
import { testServices } from './support/services.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

/**
 * Faults of real processes (docs/tasks.md, "What each fault does"): the built
 * app runs in child processes that are killed with SIGKILL mid-work, or run
 * two at a time on one database as in a rolling update. Short leases, locks
 * and stall checks keep each takeover within a second or two.
 */
const { redisUrl, postgresUrl } = testServices();
const backends = ['inline', ...(redisUrl ? ['redis'] : [])];

/** Polls `read` until `done` (20 s at most). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} never happened: ${JSON.stringify(value)}`);
    await sleep(100);
  }
}

describe.each(backends)('faults on the %s backend', (backend) => {
  let database: TestDatabase;
  let db: DatabaseClient;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let env: Record<string, string>;
  const apps: BuiltStoreApp[] = [];

  beforeAll(async () => {
    await buildStoreApp();
    [database, receiver] = await Promise.all([createTestDatabase('seeded'), startWebhookReceiver()]);
    db = await connectTo(database);
    env = {
      ...database.env,
      REDIS_KEY_PREFIX: `${database.name}:`,
      ...(backend === 'redis' ? { REDIS_URL: redisUrl! } : {}),
      RAIL_TASK_BACKEND: backend,
      RAIL_TASK_SWEEP_MS: '200',
      RAIL_TASK_LEASE_MS: '1500',
      RAIL_TASK_HEARTBEAT_MS: '300',
      RAIL_TASK_LOCK_MS: '1500',
      RAIL_TASK_STALLED_INTERVAL_MS: '500',
      RAIL_TASK_DRAIN_TIMEOUT_MS: '2000',
      RAIL_WEBHOOK_ALLOW: '127.0.0.1',
      RAIL_WEBHOOK_RETRY_SCHEDULE: '100,100,100',
      RAIL_WEBHOOK_ENDPOINTS: JSON.stringify([
        {
          companyId: '1',
          url: `${receiver.url}/hook`,
          events: ['product.updated'],
          role: 'catalog_admin',
          secret: `whsec_${randomBytes(24).toString('base64')}`,
        },
      ]),
    };
  }, 300_000);
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await db?.close();
    await receiver?.close();
    await database?.drop();
  });

  const start = async (): Promise<BuiltStoreApp> => {
    const app = await startBuiltStoreApp(env);
    apps.push(app);
    return app;
  };

  async function graphql(app: BuiltStoreApp, query: string, variables: object = {}): Promise<Row> {
    const login = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
        variables: { e: 'catalog_admin@acme.example', p: TEST_PASSWORD },
      }),
    });
    const signedIn = (await login.json()) as { data: { login: { accessToken: string } | null } };
    if (!signedIn.data?.login) throw new Error(`sign-in failed: ${JSON.stringify(signedIn)}`);
    const token = signedIn.data.login.accessToken;
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as Row;
  }

  /** A product update: one `product.updated` event for the configured endpoint; returns its event id. */
  async function touchProduct(app: BuiltStoreApp, stock: number): Promise<string> {
    const [product] = await db.query('SELECT id FROM product WHERE company_id = 1 ORDER BY id LIMIT 1');
    const before = await db.query('SELECT id FROM webhook_event');
    const updated = await graphql(
      app,
      'mutation($id: ID!, $stock: Int!) { updateProduct(id: $id, input: { stock: $stock }) { ok } }',
      { id: String(product.id), stock },
    );
    expect(updated).toEqual({ data: { updateProduct: { ok: true } } });
    const known = new Set(before.map((row) => row.id));
    const [event] = (await db.query('SELECT id FROM webhook_event')).filter((row) => !known.has(row.id));
    return String(event.id);
  }

  const requestsFor = (eventId: string) =>
    receiver.received.filter((request) => request.webhookId === eventId);
  const deliveryOf = async (eventId: string): Promise<Row> =>
    (await db.query('SELECT status, attempts, log FROM webhook_delivery WHERE event_id = ?', [eventId]))[0];
  const logOf = (delivery: Row): Row[] =>
    (typeof delivery.log === 'string' ? JSON.parse(delivery.log) : delivery.log) as Row[];

  it('delivers an event whose delivery a SIGKILL cut short, logging both attempts with one event id', async () => {
    const app = await start();
    receiver.control.hold = true;
    const eventId = await touchProduct(app, 41);
    await until(
      () => Promise.resolve(requestsFor(eventId).length),
      (n) => n === 1,
      'the first request',
    );
    await app.kill();
    receiver.release();
    await start();
    const delivered = await until(
      () => deliveryOf(eventId),
      (row) => row.status === 'SUCCEEDED',
      'delivery',
    );
    const requests = requestsFor(eventId);
    expect(requests.length).toBe(2);
    // Every attempt the receiver saw is in the log, the interrupted one saying so.
    const log = logOf(delivered);
    expect(log).toHaveLength(requests.length);
    expect(log[0]).toMatchObject({ attempt: 1, status: null, error: expect.stringMatching(/^interrupted/) });
    expect(log[1]).toMatchObject({ attempt: 2, status: 200 });
    expect(Number(delivered.attempts)).toBe(2);
  }, 120_000);

  // A report in flight needs a lock that blocks its reads: PostgreSQL only (SQLite readers never wait).
  (postgresUrl ? it : it.skip)(
    'ends FAILED, within its attempts, a task that is killed with its process every time it runs',
    async () => {
      const lock = await connectTo(database);
      await lock.query('BEGIN');
      await lock.query('LOCK TABLE customer_order IN ACCESS EXCLUSIVE MODE');
      let app = apps.at(-1)!;
      const started = await graphql(app, 'mutation { generateSalesReport(year: 2025) { id maxAttempts } }');
      const { id, maxAttempts } = (
        started.data as { generateSalesReport: { id: string; maxAttempts: number } }
      ).generateSalesReport;
      expect(maxAttempts).toBe(3);
      const taskRow = async () =>
        (await db.query('SELECT status, attempts, error FROM task_run WHERE id = ?', [id]))[0];
      let killed = 0;
      for (;;) {
        const row = await until(
          taskRow,
          (task) => task.status === 'FAILED' || (task.status === 'RUNNING' && Number(task.attempts) > killed),
          'the next attempt',
        );
        if (row.status === 'FAILED' || killed === maxAttempts + 1) break;
        await app.kill();
        killed += 1;
        app = await start();
      }
      await lock.query('ROLLBACK');
      await lock.close();
      const ended = await taskRow();
      expect(ended.status).toBe('FAILED');
      expect(Number(ended.attempts)).toBeLessThanOrEqual(maxAttempts);
      expect(String(ended.error)).toMatch(/process|worker/);
    },
    180_000,
  );

  it('runs nothing twice when a second instance starts beside a running one and the first then stops', async () => {
    const first = apps.at(-1)!;
    receiver.control.hold = true;
    const inFlight = await touchProduct(first, 42);
    await until(
      () => Promise.resolve(requestsFor(inFlight).length),
      (n) => n === 1,
      'the held request',
    );
    // The rolling update: a new instance starts while the old one still delivers.
    const second = await start();
    await sleep(2000);
    expect(requestsFor(inFlight)).toHaveLength(1);
    receiver.release();
    const more = [];
    for (let stock = 50; stock < 56; stock += 1)
      more.push(await touchProduct(stock % 2 ? first : second, stock));
    await first.stop();
    for (const eventId of [inFlight, ...more]) {
      await until(
        () => deliveryOf(eventId),
        (row) => row.status === 'SUCCEEDED',
        `delivery of ${eventId}`,
      );
      expect(requestsFor(eventId)).toHaveLength(1);
    }
  }, 120_000);
});
