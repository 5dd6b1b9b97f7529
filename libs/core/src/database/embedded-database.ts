import type { Database, Statement } from 'better-sqlite3';
import { SQLITE_OPTIMIZE_ALL_TABLES } from './planner-statistics.js';

/**
 * Readies a better-sqlite3 connection of the embedded database before TypeORM
 * uses it (TypeORM's `prepareDatabase` hook; TypeORM itself then turns foreign
 * keys on and, with `enableWAL`, the write-ahead log).
 */
export function prepareEmbeddedDatabase(db: Database): void {
  // With WAL, NORMAL appends a commit to the log without an fsync: a write
  // costs microseconds instead of a flush to disk per statement. A power cut
  // may lose the last commits but never corrupts the file, the right trade
  // for a development database.
  db.pragma('synchronous = NORMAL');
  // SQLite's own default, 2 MB (better-sqlite3 builds with 16 MB): the kernel
  // already caches the file, so a bigger cache in the process mostly doubles
  // it, and counts against the app's memory (an export walks every page).
  db.pragma('cache_size = -2000');
  keepPlannerStatistics(db);
  bindIntegersAsIntegers(db);
  beginWritesImmediately(db);
}

/**
 * TypeORM opens every transaction with a deferred `BEGIN TRANSACTION`: it
 * reads first and asks for the write lock at its first write. When another
 * process (a second instance on the same file) committed in between, SQLite
 * cannot let it wait without a deadlock and fails it at once with "database
 * is locked", whatever the busy timeout: an audited sign-in reads the chain's
 * last hash, then appends. `BEGIN IMMEDIATE` takes the write lock at the start
 * instead, so the transaction waits its turn (up to the driver's 5 s busy
 * timeout). The embedded database's transactions are short and one process's
 * run one at a time anyway, so nothing is lost.
 */
function beginWritesImmediately(db: Database): void {
  const prepare = db.prepare.bind(db);
  db.prepare = (source: string) =>
    prepare(source === 'BEGIN TRANSACTION' ? 'BEGIN IMMEDIATE TRANSACTION' : source);
}

/** How often a long-lived connection refreshes the planner's statistics, as SQLite advises. */
const OPTIMIZE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Without statistics SQLite guesses that an index on `company_id` narrows a
 * tenant's rows down, and pages through an export by reading all of them and
 * sorting them again for each batch; with them it walks the primary key. As
 * SQLite's documentation advises for long-lived connections: `PRAGMA
 * optimize` checking every table on opening, then plain `PRAGMA optimize`
 * every hour, a no-op unless a table changed a lot.
 */
function keepPlannerStatistics(db: Database): void {
  db.pragma(`optimize = ${SQLITE_OPTIMIZE_ALL_TABLES}`);
  const timer = setInterval(() => db.pragma('optimize'), OPTIMIZE_INTERVAL_MS);
  timer.unref();
  // The timer goes with the connection, so a closed one is not kept for an hour.
  const close = db.close.bind(db);
  db.close = () => {
    clearInterval(timer);
    return close();
  };
}

/**
 * better-sqlite3 binds every JavaScript number as a REAL, so a bound 1 is 1.0
 * to SQLite: `'SKU-' || ?` gives 'SKU-1.0', a TEXT column never equals it,
 * `? / 2` divides as a float and `json_object('n', ?)` writes 1.0. PostgreSQL
 * (and sql.js, the embedded driver before) treat it as the integer it is, so
 * safe integers are bound as INTEGER (a BigInt, which better-sqlite3 binds as
 * such); other numbers stay REAL.
 */
function bindIntegersAsIntegers(db: Database): void {
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => withIntegerParameters(prepare(source))) as Database['prepare'];
}

function withIntegerParameters(statement: Statement<unknown[]>): Statement<unknown[]> {
  const run = statement.run.bind(statement);
  const get = statement.get.bind(statement);
  const all = statement.all.bind(statement);
  const iterate = statement.iterate.bind(statement);
  const bind = statement.bind.bind(statement);
  statement.run = (...parameters) => run(...parameters.map(asInteger));
  statement.get = (...parameters) => get(...parameters.map(asInteger));
  statement.all = (...parameters) => all(...parameters.map(asInteger));
  statement.iterate = (...parameters) => iterate(...parameters.map(asInteger));
  statement.bind = (...parameters) => bind(...parameters.map(asInteger));
  return statement;
}

const asInteger = (value: unknown): unknown =>
  typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : value;
