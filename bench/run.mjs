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
import { graphqlRequest, measure, probe } from './load.mjs';
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
async function measureRail(app, operation, load, secrets) {
  const headers = await authHeaders(app.url, secrets.seedPassword, operation.user);
  // A write gets a new order reference for every request (the probe's included).
  let written = 0;
  const reference = () => ({ reference: `R-${process.pid.toString(36)}-${(written += 1)}` });
  const request = graphqlRequest(
    app.url,
    operation.graphql,
    operation.write ? reference() : undefined,
    headers,
  );
  const setupRequest = operation.write
    ? (sent) => ({ ...sent, body: JSON.stringify({ query: operation.graphql, variables: reference() }) })
    : undefined;
  const sample = await probe(request);
  if (sample.status !== 200 || sample.body.errors) {
    throw new Error(
      `The app answered ${operation.id} with HTTP ${sample.status}: ${JSON.stringify(sample.body).slice(0, 2000)}`,
    );
  }
  const statements = sample.headers.get('x-sql-statements');
  if (statements === null) throw new Error('The app sent no x-sql-statements header.');
  return {
    ...(await measure({ ...request, ...load, cpuSeconds: app.cpuSeconds, setupRequest })),
    statements: Number(statements),
    data: sample.body.data,
    signedIn: 'authorization' in headers,
  };
}

/** The floor's side of one operation. */
async function measureFloor(floor, operation, load) {
  const request = { url: `${floor.url}/${operation.id}` };
  const sample = await probe(request);
  if (sample.status !== 200) {
    throw new Error(
      `The floor answered ${operation.id} with HTTP ${sample.status}: ${JSON.stringify(sample.body)}`,
    );
  }
  return {
    ...(await measure({ ...request, ...load, cpuSeconds: floor.cpuSeconds })),
    data: sample.body.data,
  };
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
    const rail = operation.graphql ? await measureRail(app, operation, load, secrets) : null;
    progress(`${operation.id}: Rail ${rail ? summary(rail) : operation.railNote}`);
    const floorResult = await measureFloor(floor, operation, load);
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
