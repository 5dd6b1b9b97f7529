import type { Database, Statement } from 'better-sqlite3';

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
  bindIntegersAsIntegers(db);
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
