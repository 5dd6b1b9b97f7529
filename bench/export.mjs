// `npm run bench:export`: how fast `POST /api/v1/export` (@rail/export) streams
// 100,000 products as CSV and as XLSX, and whether the app's memory stays flat
// while it does. It builds the app, seeds a database of its own (as
// `npm run bench` does) and adds products to Acme (company 1) in bulk until it
// has more than 100,000, starts the built app on a loopback port, signs in as
// catalog_admin@acme.example, downloads each export as a stream, and reads the
// app process's peak resident set size (VmHWM) from /proc. It prints the
// results as a table and as Markdown, exits non-zero when an export came back
// short or the app's peak RSS reached 200 MB (on either database: with the
// embedded one, SQLite's engine and page cache count too, as they run in the
// app's process), and removes everything it started or created. See docs/performance.md.
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import Database from 'better-sqlite3';
import pg from 'pg';
import { runSecrets } from './auth.mjs';
import { prepareDatabase } from './database.mjs';
import { graphqlRequest, probe } from './load.mjs';
import { freePort, startServer } from './server-process.mjs';

/** The demo user who exports (role catalog_admin: `product.export`, and sees the cost price). */
const EXPORT_USER = 'catalog_admin@acme.example';
/** Rows each export must return: the export library's default cap, asked for explicitly. */
const ROWS = 100_000;
/** Products the bench adds to the user's company, on top of the seed's 500: more than the cap. */
const ADDED_PRODUCTS = 100_000;
/** The app's peak RSS must stay below this. */
const RSS_LIMIT_MB = 200;
const FIELDS = ['id', 'name', 'sku', 'price', 'costPrice', 'status', 'stock', 'category.name'];
const SAMPLE_INTERVAL_MS = 100;
const APP_OUTPUT_CHARS = 4000;

const usage = `Usage: npm run bench:export -- [--skip-build]

  --skip-build     use dist/ as it is instead of running npm run build

Exports ${ROWS.toLocaleString('en-US')} products as CSV and as XLSX through POST /api/v1/export and
reports rows/s and the app's peak RSS. DATABASE_URL=postgres://… runs it on
PostgreSQL (in a scratch database on that server, dropped at the end);
without it, on an embedded SQLite file in a temp dir.`;

function readExportOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        'skip-build': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    console.error(`${error.message}\n\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  return { build: !values['skip-build'], databaseUrl: process.env.DATABASE_URL || undefined };
}

const root = fileURLToPath(new URL('..', import.meta.url));
const options = readExportOptions();
const loadBefore = os.loadavg()[0];

// Progress goes to stderr; stdout carries only the results.
const progress = (message) => console.error(`bench:export: ${message}`);

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

// ---------------------------------------------------------------------------
// Data: the seed, plus products in bulk, in SQL.

/**
 * Columns of the added products: unique SKUs (`BULK-<company>-<n>`), a leaf
 * category of the company (round robin), status 'active', prices from 1.99
 * to 499.99 and a cost price of 60% of it. `n` runs from 1; ids follow the
 * highest id there is.
 */
const productColumns = 'id, company_id, category_id, name, sku, price, cost_price, status, is_active, stock';

async function addProductsPostgres(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const query = async ({ text, params }) => (await client.query(text, params)).rows;
    const company = await companyOf(query);
    await client.query(
      `INSERT INTO product (${productColumns}, created_at, updated_at)
       SELECT base.max_id + n, $1::int, leaves.ids[1 + n % cardinality(leaves.ids)],
              'Bulk product ' || n, 'BULK-' || $1::int || '-' || lpad(n::text, 7, '0'),
              round((199 + n * 7919 % 49801) / 100.0, 2), round((199 + n * 7919 % 49801) * 0.006, 2),
              'active', true, n % 501, now(), now()
       FROM generate_series(1, $2::int) AS n,
            (SELECT COALESCE(MAX(id), 0) AS max_id FROM product) AS base,
            (SELECT array_agg(c.id ORDER BY c.id) AS ids FROM category c
              WHERE c.company_id = $1::int
                AND NOT EXISTS (SELECT 1 FROM category child WHERE child.parent_id = c.id)) AS leaves`,
      [company, ADDED_PRODUCTS],
    );
    // The app inserts without ids: move the identity sequence past the added rows.
    await client.query(
      `SELECT setval(pg_get_serial_sequence('product', 'id'), (SELECT MAX(id) FROM product) + 1, false)`,
    );
    await client.query('ANALYZE product');
    return await productCount(company, query);
  } finally {
    await client.end();
  }
}

/** Adds the rows through better-sqlite3, the app's driver, before the app opens the file. */
async function addProductsSqlite(path) {
  const database = new Database(path);
  try {
    // better-sqlite3 binds a JavaScript number as REAL ('BULK-' || 1 would give 'BULK-1.0'); a BigInt
    // binds as INTEGER, as the app binds its integers (libs/core/src/database/embedded-database.ts).
    const integer = (value) => (Number.isSafeInteger(value) ? BigInt(value) : value);
    // The queries below are written for pg (`$1`); to SQLite `$1` is a named
    // parameter, which better-sqlite3 binds from the key '1' of an object.
    const query = ({ text, params }) =>
      Promise.resolve(
        database
          .prepare(text)
          .all(Object.fromEntries(params.map((value, index) => [index + 1, integer(value)]))),
      );
    const company = await companyOf(query);
    const [{ maxId }] = await query({
      text: 'SELECT COALESCE(MAX(id), 0) AS maxId FROM product',
      params: [],
    });
    database
      .prepare(
        `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < $count),
         leaves AS (
           SELECT c.id, ROW_NUMBER() OVER (ORDER BY c.id) - 1 AS k FROM category c
           WHERE c.company_id = $company
             AND NOT EXISTS (SELECT 1 FROM category child WHERE child.parent_id = c.id)
         )
         INSERT INTO product (${productColumns}, created_at, updated_at)
         SELECT $maxId + n, $company, leaves.id, 'Bulk product ' || n,
                'BULK-' || $company || '-' || printf('%07d', n),
                round((199 + n * 7919 % 49801) / 100.0, 2), round((199 + n * 7919 % 49801) * 0.006, 2),
                'active', 1, n % 501,
                strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now')
         FROM seq JOIN leaves ON leaves.k = seq.n % (SELECT COUNT(*) FROM leaves)`,
      )
      .run({ count: integer(ADDED_PRODUCTS), company: integer(company), maxId: integer(maxId) });
    return await productCount(company, query);
  } finally {
    // Closing folds the write-ahead log into the file, so the app starts on a complete file.
    database.close();
  }
}

async function companyOf(query) {
  const rows = await query({
    text: 'SELECT company_id FROM app_user WHERE email = $1',
    params: [EXPORT_USER],
  });
  if (rows.length !== 1) throw new Error(`The seed has no user ${EXPORT_USER}.`);
  return Number(rows[0].company_id);
}

async function productCount(company, query) {
  const rows = await query({
    text: 'SELECT COUNT(*) AS n FROM product WHERE company_id = $1',
    params: [company],
  });
  return { company, products: Number(rows[0].n) };
}

// ---------------------------------------------------------------------------
// The app, and its memory.

/** As the Dockerfile sets them. */
const PRODUCTION_NODE_OPTIONS = '--max-old-space-size=128 --max-semi-space-size=2';

async function startApp(database, secrets, exportDirectory) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const app = await startServer({
    name: 'The app',
    cwd: root,
    nodeArgs: ['dist/apps/store-api/main.js'],
    env: {
      ...database.env,
      ...secrets.appEnv,
      // Background exports (none here) in the bench's temp dir, not in ./data.
      RAIL_EXPORT_DIRECTORY: exportDirectory,
      PORT: String(port),
      // Loopback only: the bench never exposes the app beyond this machine.
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      // The memory settings of the Docker image (Dockerfile): a bounded heap and few malloc arenas.
      NODE_OPTIONS: PRODUCTION_NODE_OPTIONS,
      MALLOC_ARENA_MAX: '2',
      // The bench seeded the database already.
      SEED_WHEN_EMPTY: 'false',
    },
    isReady: async () => (await probe(graphqlRequest(`${base}/graphql`, '{ __typename }'))).status === 200,
  });
  return { ...app, base };
}

/** The command line of a process: the bench measures the node process that runs the app, no wrapper. */
function commandLine(pid) {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
}

/** Resident set size now (VmRSS) and its peak since start or since the last reset (VmHWM), in MB. */
function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const megabytes = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) / 1024;
  return { rss: megabytes('VmRSS'), peak: megabytes('VmHWM') };
}

/**
 * Resets VmHWM to the current RSS (Linux 4.0+, `5` to clear_refs), so that the
 * next reading is the peak of what ran in between. False where that is refused.
 */
function resetPeak(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Samples VmRSS every SAMPLE_INTERVAL_MS; the function it returns stops it and gives the highest sample. */
function sampleRss(pid) {
  let max = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        max = Math.max(max, memory(pid).rss);
      } catch {
        // The process is gone; the export's error says why.
        return;
      }
      await sleep(SAMPLE_INTERVAL_MS);
    }
  })();
  return async () => {
    running = false;
    await loop;
    return max;
  };
}

// ---------------------------------------------------------------------------
// The exports.

const LOGIN = `mutation ($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken mfaRequired }
}`;

async function signIn(app, password) {
  const { status, body } = await probe(
    graphqlRequest(`${app.base}/graphql`, LOGIN, { email: EXPORT_USER, password }),
  );
  const token = body.data?.login?.accessToken;
  if (status !== 200 || !token) {
    throw new Error(`Signing in as ${EXPORT_USER} failed (HTTP ${status}): ${JSON.stringify(body)}`);
  }
  return { authorization: `Bearer ${token}` };
}

const NEWLINE = 0x0a;
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * One export, timed from the request to the last byte. The body is read as a
 * stream: CSV lines are counted on the fly, an XLSX file is saved to `saveTo`
 * (its rows are counted afterwards, outside the timing).
 */
async function runExport(app, headers, format, saveTo) {
  const started = performance.now();
  const response = await fetch(`${app.base}/api/v1/export`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'Product',
      format,
      fields: FIELDS,
      orderBy: [{ id: 'ASC' }],
      maxRows: ROWS,
    }),
  });
  if (response.status !== 200) {
    throw new Error(
      `The app answered the ${format} export with HTTP ${response.status}: ${await response.text()}`,
    );
  }
  const file = saveTo ? createWriteStream(saveTo) : undefined;
  let bytes = 0;
  let newlines = 0;
  let lastByte;
  let firstByteSeconds;
  const head = [];
  try {
    for await (const chunk of response.body) {
      firstByteSeconds ??= (performance.now() - started) / 1000;
      bytes += chunk.length;
      if (head.length < 2) head.push(Buffer.from(chunk.subarray(0, 4096)));
      if (format === 'csv') {
        for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) newlines += 1;
        lastByte = chunk.at(-1);
      }
      if (file && !file.write(chunk)) await once(file, 'drain');
    }
  } catch (error) {
    throw new Error(
      `The ${format} export broke off after ${bytes.toLocaleString('en-US')} bytes ` +
        `(${((performance.now() - started) / 1000).toFixed(1)} s): ${error.cause?.message ?? error.message}`,
      { cause: error },
    );
  } finally {
    file?.end();
    if (file) await finished(file);
  }
  const seconds = (performance.now() - started) / 1000;
  const start = Buffer.concat(head);
  const result = {
    format,
    seconds,
    firstByteSeconds,
    bytes,
    contentType: response.headers.get('content-type'),
  };
  if (format === 'csv') {
    const header = start.toString('utf8').split('\n', 1)[0];
    if (header !== FIELDS.join(',')) throw new Error(`Unexpected CSV header: ${JSON.stringify(header)}`);
    // A header line, then one line per row (no field here holds a line break).
    const lines = newlines + (bytes > 0 && lastByte !== NEWLINE ? 1 : 0);
    return { ...result, rows: lines - 1 };
  }
  if (!start.subarray(0, 4).equals(ZIP_MAGIC)) {
    throw new Error(
      `The xlsx export is not a zip file: it starts with ${start.subarray(0, 16).toString('hex')}`,
    );
  }
  return { ...result, rows: undefined };
}

/** Data rows of the first worksheet, with exceljs's streaming reader (the header row not counted). */
async function countXlsxRows(path) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
  });
  let rows = 0;
  for await (const worksheet of reader) {
    for await (const row of worksheet) if (row.number > 1) rows += 1;
    break;
  }
  return rows;
}

/** Signs in, resets the app's peak RSS, runs one export and reads the peak again. */
async function measureExport(app, headers, format, scratch) {
  const before = memory(app.pid);
  const reset = resetPeak(app.pid);
  const stopSampling = sampleRss(app.pid);
  let outcome;
  try {
    outcome = await runExport(
      app,
      headers,
      format,
      format === 'xlsx' ? join(scratch, 'export.xlsx') : undefined,
    );
  } catch (error) {
    outcome = { format, error: error.message };
  }
  const sampledPeak = await stopSampling();
  const after = memory(app.pid);
  if (outcome.format === 'xlsx' && !outcome.error) {
    const counting = performance.now();
    outcome.rows = await countXlsxRows(join(scratch, 'export.xlsx'));
    progress(
      `xlsx rows counted with exceljs's streaming reader in ${((performance.now() - counting) / 1000).toFixed(1)} s`,
    );
    rmSync(join(scratch, 'export.xlsx'), { force: true });
  }
  return {
    ...outcome,
    rssBefore: before.rss,
    // VmHWM before the reset: the peak since start up to here (the sign-in included).
    hwmBefore: before.peak,
    // With the reset, VmHWM is the peak during this export; without, the peak since start.
    hwmAfter: after.peak,
    peakDuring: reset ? after.peak : sampledPeak,
    peakMethod: reset ? 'VmHWM (reset before the export)' : `VmRSS sampled every ${SAMPLE_INTERVAL_MS} ms`,
    sampledPeak,
    rssAfter: after.rss,
  };
}

// ---------------------------------------------------------------------------
// The report.

const mb = (value) => (value === undefined ? '–' : value.toFixed(1));
const count = (value) => (value === undefined ? '–' : Math.round(value).toLocaleString('en-US'));

const columns = [
  'format',
  'rows',
  'seconds',
  'rows/s',
  'first byte s',
  'MB sent',
  'app RSS before MB',
  'app peak RSS during MB',
  'growth MB',
  'app peak RSS since start MB',
  'app RSS after MB',
];

function rowsOf(results) {
  return results.map((result) => [
    result.error ? `${result.format} (failed)` : result.format,
    count(result.rows),
    result.seconds === undefined ? '–' : result.seconds.toFixed(1),
    result.rows === undefined ? '–' : count(result.rows / result.seconds),
    result.firstByteSeconds === undefined ? '–' : result.firstByteSeconds.toFixed(2),
    result.bytes === undefined ? '–' : mb(result.bytes / 2 ** 20),
    mb(result.rssBefore),
    mb(result.peakDuring),
    mb(result.peakDuring - result.rssBefore),
    mb(result.peakSinceStart),
    mb(result.rssAfter),
  ]);
}

function textTable(results) {
  const rows = [columns, ...rowsOf(results)];
  const widths = columns.map((_, index) => Math.max(...rows.map((row) => row[index].length)));
  return rows
    .map((row) =>
      row
        .map((cell, index) => (index === 0 ? cell.padEnd(widths[index]) : cell.padStart(widths[index])))
        .join('  '),
    )
    .join('\n');
}

function markdownTable(results) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [
    line(columns),
    line(columns.map((_, index) => (index === 0 ? '---' : '---:'))),
    ...rowsOf(results).map(line),
  ].join('\n');
}

function describeMachine() {
  const cpus = os.cpus();
  const memoryGiB = Math.round(os.totalmem() / 2 ** 30);
  return (
    `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${memoryGiB} GiB, ` +
    `${os.type()} ${os.release()}, Node ${process.version}; the app, the database and the client share these cores`
  );
}

// ---------------------------------------------------------------------------

async function main() {
  if (options.build) {
    progress('building (npm run build)');
    execFileSync('npm', ['--silent', 'run', 'build'], {
      cwd: root,
      stdio: ['ignore', process.stderr, 'inherit'],
    });
  }
  const scratch = mkdtempSync(join(os.tmpdir(), 'rail-bench-export-'));
  cleanups.push(() => Promise.resolve(rmSync(scratch, { recursive: true, force: true })));
  const secrets = runSecrets();
  progress('seeding a scale 1 database');
  const database = await prepareDatabase({
    root,
    scale: 1,
    password: secrets.seedPassword,
    databaseUrl: options.databaseUrl,
  });
  cleanups.push(() => database.drop());
  progress(`database: ${database.description}`);

  const adding = performance.now();
  const { company, products } =
    database.kind === 'postgres'
      ? await addProductsPostgres(database.env.DATABASE_URL)
      : await addProductsSqlite(database.env.SQLITE_PATH);
  progress(
    `added ${ADDED_PRODUCTS.toLocaleString('en-US')} products in ${((performance.now() - adding) / 1000).toFixed(1)} s: ` +
      `company ${company} has ${products.toLocaleString('en-US')}`,
  );
  if (products < ROWS) throw new Error(`Company ${company} has only ${products} products.`);

  const app = await startApp(database, secrets, join(scratch, 'exports'));
  cleanups.push(() => app.stop());
  runningApp = app;
  const appCommand = commandLine(app.pid);
  progress(`app pid ${app.pid} (${appCommand}) at ${app.base}`);
  const started = memory(app.pid);
  progress(`app RSS after start ${mb(started.rss)} MB, peak since start ${mb(started.peak)} MB`);

  const results = [];
  let peakSinceStart = started.peak;
  // One session for both exports: what is measured is the export, not argon2's memory for each sign-in.
  const headers = await signIn(app, secrets.seedPassword);
  for (const format of ['csv', 'xlsx']) {
    progress(`exporting ${ROWS.toLocaleString('en-US')} products as ${format}`);
    const result = await measureExport(app, headers, format, scratch);
    // Each reset lowers VmHWM to the RSS of the moment; the peak since start is the highest of the parts.
    peakSinceStart = Math.max(peakSinceStart, result.hwmBefore, result.hwmAfter);
    results.push({ ...result, peakSinceStart });
    progress(
      result.error
        ? `${format}: failed: ${result.error}`
        : `${format}: ${count(result.rows)} rows in ${result.seconds.toFixed(1)} s, ` +
            `peak RSS ${mb(result.peakDuring)} MB (${result.peakMethod}; sampled ${mb(result.sampledPeak)} MB)`,
    );
  }

  const problems = [];
  for (const result of results) {
    if (result.error) problems.push(`${result.format}: ${result.error}`);
    else if (result.rows < ROWS) problems.push(`${result.format}: ${result.rows} rows, fewer than ${ROWS}`);
    else if (result.rows > ROWS)
      problems.push(`${result.format}: ${result.rows} rows, more than maxRows ${ROWS}`);
  }
  // The embedded database (better-sqlite3) runs inside the app process: its engine and page cache count.
  if (peakSinceStart >= RSS_LIMIT_MB) {
    problems.push(
      `the app's peak RSS reached ${mb(peakSinceStart)} MB (limit ${RSS_LIMIT_MB} MB; ` +
        `${mb(started.rss)} MB right after start, before any export)`,
    );
  }

  const context = [
    `database: ${database.description}`,
    `data: seed scale 1 plus ${ADDED_PRODUCTS.toLocaleString('en-US')} bulk products: ` +
      `company ${company} has ${products.toLocaleString('en-US')} products`,
    `export: POST /api/v1/export as ${EXPORT_USER}, fields ${FIELDS.join(', ')}, ` +
      `orderBy id ASC, maxRows ${ROWS.toLocaleString('en-US')}, one request at a time`,
    `app process: pid ${app.pid}, ${appCommand}; RSS ${mb(started.rss)} MB after start ` +
      `(peak ${mb(started.peak)} MB during start-up); peak during an export: ${results[0]?.peakMethod}; ` +
      'growth: that peak minus the RSS right before the export (after its sign-in)',
    `machine: ${describeMachine()}`,
    `run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ` +
      `1-minute load average ${loadBefore.toFixed(2)} before the bench started`,
  ];
  console.log(`\n${context.join('\n')}\n\n${textTable(results)}\n`);
  console.log(`Markdown:\n\n${context.map((line) => `- ${line}`).join('\n')}\n\n${markdownTable(results)}\n`);
  if (problems.length > 0) {
    process.exitCode = 1;
    progress(`FAILED:\n  - ${problems.join('\n  - ')}`);
    if (results.some((result) => result.error)) showAppOutput(app);
  } else {
    progress(
      `passed: every export returned ${ROWS.toLocaleString('en-US')} rows; ` +
        `peak RSS ${mb(peakSinceStart)} MB < ${RSS_LIMIT_MB} MB`,
    );
  }
}

/** The end of the app's own output (its error logs), when something went wrong. */
function showAppOutput(app) {
  if (app)
    progress(
      `the app's output (last ${APP_OUTPUT_CHARS} characters):\n${app.output().slice(-APP_OUTPUT_CHARS)}`,
    );
}

let runningApp;
try {
  await main();
} catch (error) {
  process.exitCode = 1;
  progress(`failed: ${error.stack ?? error}`);
  showAppOutput(runningApp);
} finally {
  await cleanUp();
}
