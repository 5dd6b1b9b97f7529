// `npm run bench`: how much of the floor's throughput Rail's generated GraphQL
// API keeps, per operation (four reads and a write). It builds the app, seeds a database of its
// own, starts the built app and the floor server (bench/floor-server.mjs) on
// loopback ports, drives each with autocannon for a fixed time, prints the
// results as a table and as Markdown, and removes everything it started or
// created. See docs/performance.md.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { BENCH_USER, authHeaders, runSecrets } from './auth.mjs';
import { prepareDatabase } from './database.mjs';
import { measure, operationRequest, probe } from './load.mjs';
import { operations } from './operations.mjs';
import { readOptions } from './options.mjs';
import { markdownTable, textTable } from './report.mjs';
import { sameData } from './same-data.mjs';
import { startApp } from './app-process.mjs';
import { freePort, startServer } from './server-process.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const options = readOptions();
// Other work on the machine skews the numbers; the report says how busy it was.
const loadBefore = os.loadavg()[0];

// Progress goes to stderr; stdout carries only the results.
const progress = (message) => console.error(`bench: ${message}`);

// Whatever was started or created is undone in reverse order, also on Ctrl-C.
const cleanups = [];
async function cleanUp() {
  while (cleanups.length > 0) {
    await cleanups
      .pop()()
      .catch((error) => progress(`clean-up failed: ${error.message}`));
  }
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    progress(`${signal}: stopping`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function startFloor(database) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const floor = await startServer({
    name: 'The floor server',
    cwd: root,
    nodeArgs: ['bench/floor-server.mjs'],
    env: { ...database.env, PORT: String(port), NODE_ENV: 'production' },
    isReady: async () => (await probe({ url: `${url}/ready` })).status === 200,
  });
  return { ...floor, url };
}

/**
 * Rail's side of one operation: a checked probe, then the load run. It signs
 * in afresh for each operation, so that a long run never outlives the access
 * token (15 minutes).
 */
async function measureRail(app, operation, load, secrets, database) {
  const headers = await authHeaders(app.url, secrets.seedPassword, operation.user);
  // A write gets a new order reference for every request (the probe's included).
  const prefix = `R-${process.pid.toString(36)}-${operation.id}-`;
  const { request, setupRequest, sent } = operationRequest(app.url, operation, headers, prefix);
  const sample = await probe(request);
  if (sample.status !== 200 || sample.body.errors) {
    throw new Error(
      `The app answered ${operation.id} with HTTP ${sample.status}: ${JSON.stringify(sample.body).slice(0, 2000)}`,
    );
  }
  const statements = sample.headers.get('x-sql-statements');
  if (statements === null) throw new Error('The app sent no x-sql-statements header.');
  const measured = await measure({
    ...request,
    ...load,
    cpuSeconds: app.cpuSeconds,
    setupRequest,
    // GraphQL answers a refusal (a cap, a limit, a failed write) with 200 and errors, or ok: false.
    isRefusal: (body) => body.includes('"errors":[{') || body.includes('"ok":false'),
  });
  if (operation.write) {
    // A refused write still answers 200 (ok: false): the orders stored show that every request wrote.
    // Requests still in flight when the load generator stopped may be missing, at most one per connection.
    const stored = Number(
      await database.scalar('SELECT count(*) FROM customer_order WHERE reference LIKE ?', [`${prefix}%`]),
    );
    if (stored < sent() - load.connections) {
      throw new Error(`${operation.id}: ${sent()} write requests sent, but only ${stored} orders stored`);
    }
  }
  return {
    ...measured,
    statements: Number(statements),
    data: sample.body.data,
    signedIn: 'authorization' in headers,
  };
}

/** The floor's side of one operation. */
async function measureFloor(floor, operation, load, database) {
  const request = { url: `${floor.url}/${operation.id}` };
  const sample = await probe(request);
  if (sample.status !== 200) {
    throw new Error(
      `The floor answered ${operation.id} with HTTP ${sample.status}: ${JSON.stringify(sample.body)}`,
    );
  }
  const measured = await measure({ ...request, ...load, cpuSeconds: floor.cpuSeconds });
  if (operation.write) {
    // The floor answers a write once it is committed: every answer is an order stored.
    const stored = Number(
      await database.scalar("SELECT count(*) FROM customer_order WHERE reference LIKE 'F-%'", []),
    );
    if (stored < measured.requests) {
      throw new Error(
        `${operation.id}: the floor answered ${measured.requests} writes, but stored ${stored} orders`,
      );
    }
  }
  return { ...measured, data: sample.body.data };
}

function describeMachine() {
  const cpus = os.cpus();
  const memory = Math.round(os.totalmem() / 2 ** 30);
  return (
    `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${memory} GiB, ` +
    `${os.type()} ${os.release()}, Node ${process.version}; ` +
    'the app, the floor, the database and the load generator share these cores'
  );
}

function describeRows(scale) {
  // The seeder's per-company counts at scale 1, times two companies.
  const products = Math.round(500 * scale) * 2;
  const orders = Math.round(1000 * scale) * 2;
  return `${products.toLocaleString('en-US')} products, ${orders.toLocaleString('en-US')} orders`;
}

async function main() {
  if (options.build) {
    progress('building (npm run build)');
    execFileSync('npm', ['--silent', 'run', 'build'], {
      cwd: root,
      stdio: ['ignore', process.stderr, 'inherit'],
    });
  }
  const secrets = runSecrets();
  progress(`seeding a scale ${options.scale} database`);
  const database = await prepareDatabase({
    root,
    scale: options.scale,
    password: secrets.seedPassword,
    databaseUrl: options.databaseUrl,
  });
  cleanups.push(() => database.drop());
  progress(`database: ${database.description}`);

  const app = await startApp({ root, database, secrets });
  cleanups.push(() => app.stop());
  const floor = await startFloor(database);
  cleanups.push(() => floor.stop());
  progress(`app (pid ${app.pid}) at ${app.url}, floor (pid ${floor.pid}) at ${floor.url}`);

  const load = { connections: options.connections, duration: options.duration, warmup: options.warmup };
  const results = [];
  const summary = ({ requestsPerSecond, p99Ms }) => `${Math.round(requestsPerSecond)} req/s, p99 ${p99Ms} ms`;
  for (const operation of operations) {
    const rail = operation.graphql ? await measureRail(app, operation, load, secrets, database) : null;
    progress(`${operation.id}: Rail ${rail ? summary(rail) : operation.railNote}`);
    const floorResult = await measureFloor(floor, operation, load, database);
    progress(`${operation.id}: floor ${summary(floorResult)}`);
    results.push({
      operation,
      rail,
      floor: floorResult,
      sameData: rail ? sameData(rail.data, floorResult.data) : null,
    });
  }

  const signedIn = results.some(({ rail }) => rail?.signedIn);
  const context = {
    database: database.description,
    client: signedIn
      ? `Rail requests carry a JWT access token of ${BENCH_USER} (role catalog_admin; report cache off); the floor has no authentication`
      : 'anonymous requests (the app has no authentication)',
    scale: options.scale,
    rows: describeRows(options.scale),
    connections: options.connections,
    warmup: options.warmup,
    duration: options.duration,
    machine: describeMachine(),
    run:
      `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ` +
      `1-minute load average ${loadBefore.toFixed(2)} before the bench started`,
  };
  console.log(`\n${textTable(results, context)}\n`);
  console.log(`Markdown:\n\n${markdownTable(results, context)}`);
}

try {
  await main();
} catch (error) {
  process.exitCode = 1;
  progress(`failed: ${error.stack ?? error}`);
} finally {
  await cleanUp();
}
