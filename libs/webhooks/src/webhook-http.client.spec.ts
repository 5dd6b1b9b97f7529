import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

import { SsrfGuard } from './ssrf-guard.js';
import { isRetryable, WebhookHttpClient, type WebhookHttpOptions } from './webhook-http.client.js';

interface Seen {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local receiver whose answer depends on the path, remembering every request it saw. */
function startReceiver(): Promise<{ server: Server; base: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
    });
    req.on('end', () => {
      const path = req.url ?? '/';
      seen.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString() });
      // The client hangs up on purpose (truncated bodies, timeouts); that is not a server failure.
      res.on('error', () => undefined);
      switch (path) {
        case '/ok':
          res.writeHead(200, { 'content-type': 'text/plain' }).end('received');
          break;
        case '/big':
          res.writeHead(200).end('x'.repeat(100_000));
          break;
        case '/accents':
          res.writeHead(200).end('ééé');
          break;
        case '/endless': {
          res.writeHead(200);
          const timer = setInterval(() => res.write('y'.repeat(64)), 5);
          res.on('close', () => clearInterval(timer));
          break;
        }
        case '/unavailable':
          res.writeHead(503).end('try later');
          break;
        case '/bad':
          res.writeHead(400).end('bad payload');
          break;
        case '/redirect':
          res.writeHead(302, { location: '/ok' }).end();
          break;
        case '/silent':
          break; // never answers
        default:
          res.writeHead(404).end();
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, base: `http://127.0.0.1:${String(port)}`, seen });
    });
  });
}

const options: WebhookHttpOptions = { connectTimeoutMs: 1000, totalTimeoutMs: 3000, maxResponseBytes: 16 };
const loopbackAllowed = new SsrfGuard({ allow: ['127.0.0.1'] });

describe('WebhookHttpClient', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const client = new WebhookHttpClient(options, loopbackAllowed);

  beforeAll(async () => {
    receiver = await startReceiver();
  });

  beforeEach(() => {
    receiver.seen.length = 0;
  });

  afterAll(async () => {
    receiver.server.closeAllConnections();
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  it('posts the JSON body with its headers and captures the answer', async () => {
    const body = JSON.stringify({ type: 'order.created', note: 'café' });
    const response = await client.post(`${receiver.base}/ok`, { 'webhook-id': 'msg_1' }, body);
    expect(response).toEqual({ status: 200, body: 'received', latencyMs: expect.any(Number) });
    expect(receiver.seen).toEqual([
      {
        path: '/ok',
        body,
        headers: expect.objectContaining({
          'content-type': 'application/json',
          'user-agent': 'Rail-Webhooks/1',
          'webhook-id': 'msg_1',
          'content-length': String(Buffer.byteLength(body)),
        }),
      },
    ]);
  });

  it('keeps only the first maxResponseBytes of the body', async () => {
    const big = await client.post(`${receiver.base}/big`, {}, '{}');
    expect(big).toMatchObject({ status: 200, body: 'x'.repeat(16) });
    expect(big.error).toBeUndefined();
    // Two-byte characters: the one cut in half at byte 5 is dropped, not garbled.
    const small = new WebhookHttpClient({ ...options, maxResponseBytes: 5 }, loopbackAllowed);
    await expect(small.post(`${receiver.base}/accents`, {}, '{}')).resolves.toMatchObject({ body: 'éé' });
    const none = new WebhookHttpClient({ ...options, maxResponseBytes: 0 }, loopbackAllowed);
    await expect(none.post(`${receiver.base}/ok`, {}, '{}')).resolves.toMatchObject({
      status: 200,
      body: '',
    });
  });

  it('stops reading a body that never ends once it has enough', async () => {
    const response = await client.post(`${receiver.base}/endless`, {}, '{}');
    expect(response).toMatchObject({ status: 200, body: 'y'.repeat(16) });
    expect(response.error).toBeUndefined();
    expect(response.latencyMs).toBeLessThan(options.totalTimeoutMs);
  });

  it('returns 5xx as retryable and 4xx as final', async () => {
    const unavailable = await client.post(`${receiver.base}/unavailable`, {}, '{}');
    expect(unavailable).toMatchObject({ status: 503, body: 'try later' });
    expect(isRetryable(unavailable)).toBe(true);
    const bad = await client.post(`${receiver.base}/bad`, {}, '{}');
    expect(bad).toMatchObject({ status: 400, body: 'bad payload' });
    expect(isRetryable(bad)).toBe(false);
  });

  it('does not follow redirects: a 3xx is the final answer', async () => {
    const response = await client.post(`${receiver.base}/redirect`, {}, '{}');
    expect(response).toMatchObject({ status: 302, body: '' });
    expect(isRetryable(response)).toBe(false);
    expect(receiver.seen.map(({ path }) => path)).toEqual(['/redirect']);
  });

  it('gives up on a receiver that never answers at the total timeout', async () => {
    const impatient = new WebhookHttpClient({ ...options, totalTimeoutMs: 300 }, loopbackAllowed);
    const response = await impatient.post(`${receiver.base}/silent`, {}, '{}');
    expect(response).toMatchObject({ status: null, body: '', error: 'timeout' });
    expect(response.latencyMs).toBeGreaterThanOrEqual(290);
    expect(response.latencyMs).toBeLessThan(1500);
    expect(isRetryable(response)).toBe(true);
  });

  it('gives up when the connection is not made within the connect timeout', async () => {
    // A lookup that never answers keeps the socket connecting, as an unreachable host would.
    const stuck = new SsrfGuard({ resolve: () => new Promise(() => undefined) });
    const response = await new WebhookHttpClient({ ...options, connectTimeoutMs: 100 }, stuck).post(
      'http://stuck.example.test/',
      {},
      '{}',
    );
    expect(response).toMatchObject({ status: null, error: 'connect timeout' });
    expect(response.latencyMs).toBeLessThan(options.totalTimeoutMs);
  });

  it('refuses a blocked address without sending anything', async () => {
    const guarded = new WebhookHttpClient(options, new SsrfGuard({}));
    const literal = await guarded.post(`${receiver.base}/ok`, {}, '{}');
    expect(literal).toMatchObject({ status: null, body: '', error: expect.stringMatching(/blocked/) });
    // A name that resolves to the loopback address now (DNS rebinding) is refused at connect time.
    const { port } = receiver.server.address() as AddressInfo;
    const rebound = new SsrfGuard({ resolve: () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]) });
    const named = await new WebhookHttpClient(options, rebound).post(
      `http://rebind.example.test:${String(port)}/ok`,
      {},
      '{}',
    );
    expect(named).toMatchObject({ status: null, body: '', error: expect.stringMatching(/blocked/) });
    expect(receiver.seen).toEqual([]);
  });

  it('reports connection errors by their code, and never throws', async () => {
    const closed = await startReceiver();
    closed.server.close();
    await expect(client.post(`${closed.base}/ok`, {}, '{}')).resolves.toMatchObject({
      status: null,
      error: 'ECONNREFUSED',
    });
    await expect(client.post('not a url', {}, '{}')).resolves.toMatchObject({
      status: null,
      error: 'ERR_INVALID_URL',
    });
    await expect(client.post('ftp://127.0.0.1/', {}, '{}')).resolves.toMatchObject({
      status: null,
      error: 'unsupported protocol',
    });
    await expect(client.post(`${receiver.base}/ok`, { 'x-bad': 'line\nbreak' }, '{}')).resolves.toMatchObject(
      {
        status: null,
        error: 'ERR_INVALID_CHAR',
      },
    );
  });
});

describe('isRetryable', () => {
  it.each([
    [null, true],
    [500, true],
    [502, true],
    [503, true],
    [599, true],
    [408, true],
    [429, true],
    [200, false],
    [204, false],
    [301, false],
    [302, false],
    [400, false],
    [401, false],
    [404, false],
    [410, false],
    [422, false],
  ])('status %p → %p', (status, retryable) => {
    expect(isRetryable({ status, latencyMs: 1, body: '' })).toBe(retryable);
  });
});
