import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateWebhookSecret, WebhookDispatcher } from '@rail/webhooks';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { startStoreApp, type StoreApp } from './support/store-app.js';
import { testServices } from './support/services.js';

type Row = Record<string, unknown>;
type Headers = Record<string, string>;

interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly at: number;
}

/**
 * A receiver on 127.0.0.1: `/ok` answers 200, `/flaky` 503 three times then 200, `/bad` 400,
 * `/slow` 200 after 1.5 s, `/held` 200 once the test calls `releaseHeld` (and at once after).
 */
async function startReceiver() {
  const received: Received[] = [];
  let flaky = 0;
  const held: Array<() => void> = [];
  let heldReleased = false;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({
        path,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      if (path === '/slow') setTimeout(() => response.writeHead(200).end('ok'), SLOW_RECEIVER_MS);
      else if (path === '/held' && !heldReleased) held.push(() => response.writeHead(200).end('ok'));
      else if (path === '/bad') response.writeHead(400).end('no thanks');
      else if (path === '/flaky' && flaky++ < 3) response.writeHead(503).end('busy');
      else response.writeHead(200).end('ok');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const releaseHeld = () => {
    heldReleased = true;
    for (const answer of held.splice(0)) answer();
  };
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    releaseHeld,
  };
}

const SLOW_RECEIVER_MS = 1500;

const CREATE_ENDPOINT = `mutation($input: WebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { endpointId secret }
}`;

const backends = ['inline', ...(testServices().redisUrl ? ['redis'] : [])];

describe.each(backends)('webhooks on the %s task backend', (backend) => {
  let store: StoreApp;
  let db: DataSource;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let admin: Headers;
  const env = {
    RAIL_TASK_BACKEND: backend,
    RAIL_WEBHOOK_ALLOW: '127.0.0.1',
    RAIL_WEBHOOK_RETRY_SCHEDULE: '50,50,50,50,50',
    RAIL_TASK_SWEEP_MS: '100',
  };
  const p = (index: number) => (db.options.type === 'postgres' ? `$${index}` : '?');

  async function endpoint(
    path: string,
    events: string[],
    extra: Row = {},
  ): Promise<{ id: string; secret: string }> {
    const created = await store.graphql(
      CREATE_ENDPOINT,
      { input: { url: `${receiver.url}${path}`, events, ...extra } },
      admin,
    );
    expect(created.body.errors).toBeUndefined();
    const { endpointId, secret } = created.body.data.createWebhookEndpoint as {
      endpointId: string;
      secret: string;
    };
    return { id: endpointId, secret };
  }

  /** The requests for an event type that reached `path` so far. */
  const arrived = (path: string, type: string): Received[] =>
    receiver.received.filter(
      (request) => request.path === path && (JSON.parse(request.body) as { type: string }).type === type,
    );

  /** Waits until `count` requests for an event type reached `path` (10 s at most). */
  async function deliveries(path: string, type: string, count: number): Promise<Received[]> {
    const deadline = Date.now() + 10_000;
    while (arrived(path, type).length < count && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return arrived(path, type);
  }

  /** Lets anything still on its way arrive. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

  beforeAll(async () => {
    receiver = await startReceiver();
    store = await startStoreApp({ redis: true, env });
    db = store.app.get(DataSource);
    admin = await store.fullSession('admin@acme.example');
  });
  afterAll(async () => {
    await store.close();
    receiver.server.closeAllConnections();
    receiver.server.close();
  });

  it('delivers one signed event for a new order, which the standardwebhooks package verifies', async () => {
    const { secret } = await endpoint('/ok', ['order.created']);
    const [customer] = await db.query<Row[]>(
      'SELECT id FROM customer WHERE company_id = 1 ORDER BY id LIMIT 1',
    );
    const [owner] = await db.query<Row[]>(`SELECT id FROM app_user WHERE email = 'sales@acme.example'`);
    const [product] = await db.query<Row[]>(
      'SELECT id FROM product WHERE company_id = 1 ORDER BY id LIMIT 1',
    );
    const created = await store.graphql(
      `mutation($customer: ID!, $owner: ID!, $product: ID!) { createOrder(input: {
        reference: "HOOK-1", customerId: $customer, ownerId: $owner,
        items: { create: [{ productId: $product, quantity: 2, unitPrice: "4.50" }] }
      }) { ok order { id } } }`,
      { customer: String(customer.id), owner: String(owner.id), product: String(product.id) },
    );
    expect(created.body.data.createOrder.ok).toBe(true);
    const [request] = await deliveries('/ok', 'order.created', 1);
    expect(request).toBeDefined();
    // Verified with the reference library: signature, timestamp and id.
    const verified = new Webhook(secret).verify(
      request.body,
      request.headers as Record<string, string>,
    ) as Row;
    expect(verified).toMatchObject({
      type: 'order.created',
      company: '1',
      model: 'Order',
      data: { reference: 'HOOK-1', id: Number(created.body.data.createOrder.order.id) },
    });
    expect(request.headers['webhook-id']).toBe(verified.id);
    await settle();
    expect(arrived('/ok', 'order.created')).toHaveLength(1);
  });

  it('retries 503 three times then succeeds (4 attempts); a 400 is not retried (1 attempt)', async () => {
    await endpoint('/flaky', ['order.updated']);
    await endpoint('/bad', ['product.created']);
    const [order] = await db.query<Row[]>(
      `SELECT id FROM customer_order WHERE company_id = 1 AND status = 'pending' ORDER BY id LIMIT 1`,
    );
    const confirmed = await store.graphql(`mutation($id: ID!) { confirmOrder(id: $id) { ok } }`, {
      id: String(order.id),
    });
    expect(confirmed.body.data.confirmOrder.ok).toBe(true);
    expect(await deliveries('/flaky', 'order.updated', 4)).toHaveLength(4);

    const [category] = await db.query<Row[]>(
      'SELECT id FROM category WHERE company_id = 1 ORDER BY id LIMIT 1',
    );
    const created = await store.graphql(
      `mutation($category: ID!) { createProduct(input: { name: "Hook", sku: "HOOK-SKU-1", price: "1.00", costPrice: "0.50", status: draft, stock: 1, categoryId: $category }) { ok errors { field message } } }`,
      { category: String(category.id) },
    );
    expect(created.body.data.createProduct.errors).toEqual([]);
    await deliveries('/bad', 'product.created', 1);
    await settle();
    expect(arrived('/bad', 'product.created')).toHaveLength(1);

    const log = await db.query<Row[]>(
      `SELECT d.status, d.attempts, d.last_status FROM webhook_delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
        WHERE e.url LIKE ${p(1)} ORDER BY d.id`,
      ['%/flaky'],
    );
    expect(log).toEqual([{ status: 'SUCCEEDED', attempts: 4, last_status: 200 }]);
    const bad = await db.query<Row[]>(
      `SELECT d.status, d.attempts, d.last_status FROM webhook_delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
        WHERE e.url LIKE ${p(1)}`,
      ['%/bad'],
    );
    expect(bad).toEqual([{ status: 'FAILED', attempts: 1, last_status: 400 }]);
  });

  it('sends nothing for a mutation that rolled back', async () => {
    await endpoint('/ok', ['product.updated']);
    const products = await db.query<Row[]>(
      'SELECT id FROM product WHERE company_id = 1 ORDER BY id LIMIT 2 OFFSET 5',
    );
    const bulk = await store.graphql(
      `mutation($a: ID!, $b: ID!) { bulkUpdateProducts(inputs: [
        { id: $a, data: { stock: 5 } }, { id: $b, data: { stock: -1 } }
      ]) { ok } }`,
      { a: String(products[0].id), b: String(products[1].id) },
    );
    expect(bulk.body.data.bulkUpdateProducts.ok).toBe(false);
    await settle();
    expect(arrived('/ok', 'product.updated')).toHaveLength(0);
    const [outbox] = await db.query<Row[]>(
      `SELECT COUNT(*) AS n FROM webhook_event WHERE type = 'product.updated' AND entity_id = ${p(1)}`,
      [String(products[0].id)],
    );
    expect(Number(outbox.n)).toBe(0);
  });

  it("keeps masked customer fields masked and hidden ones out, as the endpoint's role sees them", async () => {
    const { secret } = await endpoint('/ok', ['customer.updated'], { role: 'support' });
    const [customer] = await db.query<Row[]>(
      'SELECT id, email FROM customer WHERE company_id = 1 AND email IS NOT NULL ORDER BY id LIMIT 1',
    );
    const updated = await store.graphql(
      `mutation($id: ID!) { updateCustomer(id: $id, input: { name: "Renamed for hooks" }) { ok } }`,
      { id: String(customer.id) },
    );
    expect(updated.body.data.updateCustomer.ok).toBe(true);
    const [request] = await deliveries('/ok', 'customer.updated', 1);
    const payload = new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as {
      data: Row;
      previous: Row;
    };
    expect(payload.data.name).toBe('Renamed for hooks');
    expect(payload.data.email).toContain('***');
    expect(payload.data.email).not.toBe(customer.email);
    expect(payload.data).not.toHaveProperty('creditLimit');
    expect(payload.previous).not.toHaveProperty('creditLimit');
    expect(request.body).not.toContain(String(customer.email));
  });

  it('refuses internal and cloud-metadata addresses when an endpoint is created', async () => {
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/hook']) {
      const refused = await store.graphql(CREATE_ENDPOINT, { input: { url, events: ['*'] } }, admin);
      expect(refused.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    const notAdmin = await store.graphql(CREATE_ENDPOINT, {
      input: { url: `${receiver.url}/ok`, events: ['*'] },
    });
    expect(notAdmin.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('keeps deliveries to a slow receiver from delaying a report: deliveries wait in a queue of their own', async () => {
    await endpoint('/slow', ['product.updated']);
    const products = await db.query<Row[]>('SELECT id FROM product WHERE company_id = 1 ORDER BY id LIMIT 8');
    for (const [index, product] of products.entries()) {
      const updated = await store.graphql(
        `mutation($id: ID!, $stock: Int!) { updateProduct(id: $id, input: { stock: $stock }) { ok } }`,
        { id: String(product.id), stock: 300 + index },
      );
      expect(updated.body.data.updateProduct.ok).toBe(true);
    }
    // Every delivery slot is taken by the slow receiver now.
    await deliveries('/slow', 'product.updated', 2);
    const started = Date.now();
    const report = await store.graphql(`mutation { generateSalesReport(year: 2025) { id } }`);
    const { id } = report.body.data.generateSalesReport as { id: string };
    for (;;) {
      const [row] = await db.query<Row[]>(`SELECT status FROM task_run WHERE id = ${p(1)}`, [id]);
      if (row.status === 'SUCCEEDED') break;
      expect(Date.now() - started).toBeLessThan(10_000);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const reportDoneAt = Date.now();
    const slow = await deliveries('/slow', 'product.updated', 8);
    expect(slow).toHaveLength(8);
    // With shared slots (the finding) the report waited behind all 8 deliveries of 1.5 s, two at a
    // time; now it is done while the slow receiver is still getting its requests.
    expect(reportDoneAt).toBeLessThan(slow[7].at);
  });

  it('keeps a receiver that does not answer from delaying deliveries to other endpoints', async () => {
    await endpoint('/held', ['ticket.held']);
    await endpoint('/ok', ['ticket.fast']);
    const dispatcher = store.app.get(WebhookDispatcher);
    for (let index = 0; index < 10; index++)
      await dispatcher.publish('ticket.held', { index }, { companyId: '1' });
    // The held endpoint has its two requests in flight (concurrencyPerEndpoint) and eight waiting.
    expect(await deliveries('/held', 'ticket.held', 2)).toHaveLength(2);
    await dispatcher.publish('ticket.fast', { index: 0 }, { companyId: '1' });
    // With deliveries waiting for their endpoint inside queue slots (the finding), the fast
    // endpoint's event waited behind all ten; now it goes out while the held ones still wait.
    expect(await deliveries('/ok', 'ticket.fast', 1)).toHaveLength(1);
    expect(arrived('/held', 'ticket.held')).toHaveLength(2);
    receiver.releaseHeld();
    expect(await deliveries('/held', 'ticket.held', 10)).toHaveLength(10);
    await settle();
    // Each sent once, and a delivery put back because its endpoint was full counted no attempt.
    const heldIndexes = arrived('/held', 'ticket.held').map(
      (request) => (JSON.parse(request.body) as { data: { index: number } }).data.index,
    );
    expect(heldIndexes.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const rows = await db.query<Row[]>(
      `SELECT d.status, d.attempts FROM webhook_delivery d JOIN webhook_event e ON e.id = d.event_id
       WHERE e.type = 'ticket.held'`,
    );
    expect(rows.map((row) => [row.status, Number(row.attempts)])).toEqual(
      Array.from({ length: 10 }, () => ['SUCCEEDED', 1]),
    );
  });

  it('delivers after a restart what was in the outbox when the process stopped', async () => {
    // An instance that takes writes but runs no tasks: the outbox fills, nothing is sent.
    const database = store.database;
    await store.close({ keepDatabase: true });
    store = await startStoreApp({ redis: true, env: { ...env, RAIL_TASK_WORKER: 'false' }, database });
    db = store.app.get(DataSource);
    // The admin's session outlives the restart (it is in the database).
    await endpoint('/ok', ['order.deleted']);
    const [order] = await db.query<Row[]>(
      `SELECT id FROM customer_order WHERE company_id = 1 AND status = 'pending' ORDER BY id DESC LIMIT 1`,
    );
    const deleted = await store.graphql(`mutation($id: ID!) { deleteOrder(id: $id) { ok } }`, {
      id: String(order.id),
    });
    expect(deleted.body.data.deleteOrder.ok).toBe(true);
    await settle();
    expect(arrived('/ok', 'order.deleted')).toHaveLength(0);
    // "Crash" and come back with workers: the pending delivery goes out.
    await store.close({ keepDatabase: true });
    store = await startStoreApp({ redis: true, env, database });
    db = store.app.get(DataSource);
    const [request] = await deliveries('/ok', 'order.deleted', 1);
    expect(JSON.parse(request.body)).toMatchObject({
      type: 'order.deleted',
      data: { id: Number(order.id) },
    });
  });
});

describe('webhook endpoints in configuration, custom events, rotation, tests and redelivery', () => {
  let store: StoreApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let admin: Headers;
  const configuredSecret = generateWebhookSecret();
  const typeOf = (request: Received) => (JSON.parse(request.body) as { type: string }).type;
  async function waitFor(check: () => boolean): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  beforeAll(async () => {
    receiver = await startReceiver();
    store = await startStoreApp({
      redis: true,
      env: {
        RAIL_WEBHOOK_ALLOW: '127.0.0.1',
        RAIL_TASK_SWEEP_MS: '100',
        RAIL_WEBHOOK_ENDPOINTS: JSON.stringify([
          {
            companyId: '1',
            url: `${receiver.url}/configured`,
            events: ['invoice.*'],
            role: 'support',
            secret: configuredSecret,
          },
        ]),
      },
    });
    admin = await store.fullSession('admin@acme.example');
  });
  afterAll(async () => {
    await store.close();
    receiver.server.closeAllConnections();
    receiver.server.close();
  });

  it('delivers a custom event to a configured endpoint, signed with the configured secret', async () => {
    const listed = await store.graphql(`{ webhookEndpoints { url description events } }`, undefined, admin);
    expect(listed.body.data.webhookEndpoints).toEqual([
      { url: `${receiver.url}/configured`, description: 'configured', events: ['invoice.*'] },
    ]);
    const id = await store.app
      .get(WebhookDispatcher)
      .publish('invoice.sent', { number: 'INV-7' }, { companyId: '1' });
    await waitFor(() => receiver.received.some((request) => request.path === '/configured'));
    const [request] = receiver.received.filter((candidate) => candidate.path === '/configured');
    expect(
      new Webhook(configuredSecret).verify(request.body, request.headers as Record<string, string>),
    ).toMatchObject({
      id,
      type: 'invoice.sent',
      data: { number: 'INV-7' },
    });
  });

  it('signs with both secrets after a rotation, answers a test, and redelivers an event', async () => {
    const created = await store.graphql(
      CREATE_ENDPOINT,
      { input: { url: `${receiver.url}/ok`, events: ['invoice.paid'] } },
      admin,
    );
    const { endpointId, secret: oldSecret } = created.body.data.createWebhookEndpoint as {
      endpointId: string;
      secret: string;
    };
    const rotated = await store.graphql(
      `mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }`,
      { id: endpointId },
      admin,
    );
    const newSecret = rotated.body.data.rotateWebhookSecret.secret as string;
    expect(newSecret).not.toBe(oldSecret);
    const eventId = await store.app
      .get(WebhookDispatcher)
      .publish('invoice.paid', { number: 'INV-8' }, { companyId: '1' });
    await waitFor(() =>
      receiver.received.some((request) => request.path === '/ok' && typeOf(request) === 'invoice.paid'),
    );
    const [delivered] = receiver.received.filter(
      (request) => request.path === '/ok' && typeOf(request) === 'invoice.paid',
    );
    expect(String(delivered.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [oldSecret, newSecret]) {
      expect(
        new Webhook(secret).verify(delivered.body, delivered.headers as Record<string, string>),
      ).toMatchObject({ id: eventId });
    }

    const tested = await store.graphql(
      `mutation($id: ID!) { testWebhookEndpoint(id: $id) { status error } }`,
      { id: endpointId },
      admin,
    );
    expect(tested.body.data.testWebhookEndpoint).toEqual({ status: 200, error: null });

    const again = await store.graphql(
      `mutation($id: String!) { redeliverWebhook(eventId: $id) }`,
      { id: eventId },
      admin,
    );
    // The configured endpoint (invoice.*) wants it too.
    expect(again.body.data.redeliverWebhook).toBe(2);
    const toOk = () =>
      receiver.received.filter(
        (request) => request.path === '/ok' && request.headers['webhook-id'] === eventId,
      );
    await waitFor(() => toOk().length >= 2);
    expect(toOk()).toHaveLength(2);
  });
});
