import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { testServices } from './support/services.js';
import { startStoreApp, type StoreApp } from './support/store-app.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

const { redisUrl } = testServices();

/**
 * Redis goes away under an app on the redis task backend (through a proxy the
 * test takes down). Enqueueing must fail at once with SERVICE_UNAVAILABLE and
 * leave nothing behind: the finding was a 20 s hang, then the report ran
 * anyway once Redis was back, so a client that retried got two.
 */
(redisUrl ? describe : describe.skip)('tasks while Redis is unreachable (redis backend)', () => {
  let proxy: TcpProxy;
  let proxiedUrl: string;
  let store: StoreApp;

  beforeAll(async () => {
    const direct = new URL(redisUrl!);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 6379) });
    const proxied = new URL(direct.toString());
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    proxiedUrl = proxied.toString();
    store = await startStoreApp({
      redis: true,
      env: { REDIS_URL: proxiedUrl, RAIL_TASK_BACKEND: 'redis', RAIL_TASK_SWEEP_MS: '200' },
    });
  });
  afterAll(async () => {
    await store?.close();
    await proxy?.close();
  });

  const reports = async (): Promise<number> => {
    const [row] = await store.app
      .get(DataSource)
      .query<Array<{ n: string | number }>>(
        `SELECT COUNT(*) AS n FROM task_run WHERE name = 'generateSalesReport'`,
      );
    return Number(row.n);
  };

  it('answers SERVICE_UNAVAILABLE at once, writes no task, and runs none once Redis is back', async () => {
    const before = await reports();
    await proxy.set('refuse');
    await sleep(200);
    const started = Date.now();
    const refused = await store.graphql(`mutation { generateSalesReport(year: 2025) { id } }`);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(await reports()).toBe(before);

    await proxy.set('pass');
    await sleep(2000);
    expect(await reports()).toBe(before);
    // And once Redis answers again, the same request starts the report.
    const accepted = await store.graphql(`mutation { generateSalesReport(year: 2025) { id } }`);
    expect(accepted.body.errors).toBeUndefined();
    expect(await reports()).toBe(before + 1);
  });
});
