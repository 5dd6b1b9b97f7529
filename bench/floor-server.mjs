// The floor: a bare node:http server that answers `GET /<operation id>` by
// running that operation's one hand-written SQL statement and JSON-encoding
// the rows in the shape of a GraphQL response. It is what any API over the
// same database must at least do per request (HTTP, one round trip to the
// database, JSON), so Rail's throughput is read as a share of it.
//
// Run by bench/run.mjs as a child process of its own, like the app, so that it
// never shares an event loop with the load generator.
// Env: PORT, and DATABASE_URL (PostgreSQL) or SQLITE_PATH (embedded file).
import { createServer } from 'node:http';
import { floorData } from './floor-answer.mjs';
import { openFloorDatabase } from './floor-database.mjs';
import { operationById } from './operations.mjs';

const database = await openFloorDatabase({
  databaseUrl: process.env.DATABASE_URL,
  sqlitePath: process.env.SQLITE_PATH,
});

function send(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

let written = 0;

const server = createServer((request, response) => {
  const id = request.url.slice(1);
  if (id === 'ready') return send(response, 200, { ready: true });
  const operation = operationById(id);
  if (!operation) return send(response, 404, { error: `no operation ${id}` });
  // A write makes a new order each time: its reference is unique in this process and run.
  const sql = operation.sql[database.dialect];
  database
    .query(typeof sql === 'function' ? sql(`F-${process.pid.toString(36)}-${(written += 1)}`) : sql)
    .then((rows) => send(response, 200, { data: floorData(operation, rows) }))
    .catch((error) => send(response, 500, { error: error.message }));
});

// Loopback only: the bench's traffic never leaves this machine.
server.listen(Number(process.env.PORT), '127.0.0.1', () => {
  console.log(`floor server ready on 127.0.0.1:${process.env.PORT} (${database.dialect})`);
});

function shutdown() {
  server.close();
  server.closeAllConnections();
  database.close().finally(() => process.exit(0));
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
