import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * What the proxy does with connections:
 * - `pass`: forwards both ways (a healthy dependency);
 * - `refuse`: stops listening, so new connections get ECONNREFUSED, and breaks the open ones
 *   (a dependency that is down);
 * - `drop`: accepts new connections and resets them at once, and breaks the open ones (a
 *   dependency that crashes on every connection);
 * - `stall`: accepts new connections and passes nothing, and stops passing anything on the open
 *   ones, without closing them (a dependency, or a network, that hangs).
 */
export type ProxyMode = 'pass' | 'refuse' | 'drop' | 'stall';

export interface TcpProxy {
  /** The port to point the app at, the same in every mode. */
  readonly port: number;
  readonly mode: ProxyMode;
  /** Switches mode; resolves once open connections have been dealt with and the listener is as asked. */
  set(mode: ProxyMode): Promise<void>;
  close(): Promise<void>;
}

interface Pair {
  readonly client: Socket;
  readonly upstream: Socket | undefined;
}

/**
 * A test-owned TCP proxy in front of PostgreSQL or Redis, so that a test can
 * make the dependency unreachable or hang without touching the real server
 * other tests use.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = 'pass';
  const pairs = new Set<Pair>();
  let server: Server | undefined;
  let port = 0;

  const onConnection = (client: Socket): void => {
    client.on('error', () => undefined);
    if (mode === 'drop') {
      client.resetAndDestroy();
      return;
    }
    if (mode === 'stall') {
      // Accepted, then silence: nothing read is ever forwarded.
      const pair: Pair = { client, upstream: undefined };
      pairs.add(pair);
      client.once('close', () => pairs.delete(pair));
      return;
    }
    const upstream = connect(target.port, target.host);
    upstream.on('error', () => client.destroy());
    const pair: Pair = { client, upstream };
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.once('close', end);
    upstream.once('close', end);
  };

  const listen = async (): Promise<void> => {
    const listening = createServer(onConnection);
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(port, '127.0.0.1', () => resolve());
    });
    port = (listening.address() as AddressInfo).port;
    server = listening;
  };

  /** Stops accepting and breaks every open connection: `close()` alone would wait for them to end. */
  const stopListening = async (): Promise<void> => {
    const listening = server;
    server = undefined;
    const closed = listening ? new Promise((resolve) => listening.close(resolve)) : Promise.resolve();
    breakAll();
    await closed;
  };

  const breakAll = (): void => {
    for (const { client, upstream } of pairs) {
      client.resetAndDestroy();
      upstream?.destroy();
    }
    pairs.clear();
  };

  const stallAll = (): void => {
    for (const { client, upstream } of pairs) {
      // Nothing more flows either way; the sockets stay open, as a hung peer's do.
      if (upstream) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        upstream.pause();
      }
      client.pause();
    }
  };

  await listen();
  return {
    get port() {
      return port;
    },
    get mode() {
      return mode;
    },
    async set(next: ProxyMode): Promise<void> {
      const previous = mode;
      mode = next;
      if (next === 'refuse') {
        await stopListening();
        return;
      }
      if (next === 'drop') breakAll();
      if (next === 'stall') stallAll();
      // Connections stalled before do not come back: they break, as a hung peer's do in the end.
      if (next === 'pass' && previous === 'stall') breakAll();
      if (!server) await listen();
    },
    async close(): Promise<void> {
      await stopListening();
    },
  };
}
