import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/** One statement as PostgreSQL received it: a simple query, or an Execute of a parsed one. */
export interface WireStatement {
  readonly sql: string;
  /** Which client connection sent it (1, 2, …). */
  readonly connection: number;
}

export interface PostgresWireLog {
  /** The port to point the app at. */
  readonly port: number;
  /** Every statement received so far, in order. */
  readonly statements: readonly WireStatement[];
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;

/**
 * A TCP proxy in front of PostgreSQL that reads the frontend protocol and
 * records each statement the server is asked to run: a `Query` message, or an
 * `Execute` of a statement prepared with `Parse` (what the `pg` driver sends
 * for a query with parameters). Counting here sees what the database sees,
 * whatever the ORM or the app believe they sent.
 */
export async function startPostgresWireLog(target: { host: string; port: number }): Promise<PostgresWireLog> {
  const statements: WireStatement[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;

  const server = createServer((client) => {
    const connection = ++connections;
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    const reader = frontendReader((sql) => statements.push({ sql, connection }));
    client.on('data', (chunk: Buffer) => {
      reader(chunk);
      upstream.write(chunk);
    });
    upstream.pipe(client);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      socket.on('error', end);
      socket.on('close', end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    statements,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Splits the client's byte stream into protocol messages and reports each statement run. */
function frontendReader(onStatement: (sql: string) => void): (chunk: Buffer) => void {
  let pending = Buffer.alloc(0);
  let started = false;
  const parsed = new Map<string, string>();
  const portals = new Map<string, string>();
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      if (!started) {
        // Startup-phase messages have no type byte: length, then a request code.
        if (pending.length < 8) return;
        const length = pending.readInt32BE(0);
        if (pending.length < length) return;
        const code = pending.readInt32BE(4);
        if (code !== SSL_REQUEST && code !== GSS_REQUEST) started = true;
        pending = pending.subarray(length);
        continue;
      }
      if (pending.length < 5) return;
      const length = pending.readInt32BE(1);
      if (pending.length < 1 + length) return;
      const type = String.fromCharCode(pending[0]);
      const body = pending.subarray(5, 1 + length);
      pending = pending.subarray(1 + length);
      if (type === 'Q') onStatement(cString(body, 0).text);
      else if (type === 'P') {
        const name = cString(body, 0);
        parsed.set(name.text, cString(body, name.next).text);
      } else if (type === 'B') {
        const portal = cString(body, 0);
        portals.set(portal.text, cString(body, portal.next).text);
      } else if (type === 'E') {
        // Execute names a portal, which Bind tied to a parsed statement.
        const statement = portals.get(cString(body, 0).text) ?? '';
        onStatement(parsed.get(statement) ?? '(unknown statement)');
      }
    }
  };
}

function cString(buffer: Buffer, start: number): { text: string; next: number } {
  const end = buffer.indexOf(0, start);
  return { text: buffer.toString('utf8', start, end), next: end + 1 };
}
