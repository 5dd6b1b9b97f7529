// The benchmark's own database, seeded with the deterministic demo store and
// removed at the end: a scratch database `rail_bench_<pid>` on the PostgreSQL
// server DATABASE_URL names (that database itself is never touched), or an
// embedded SQLite file in a temp dir.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

/** Runs the app's own seed command, so the data is exactly what `npm run seed` makes. */
function seed({ root, scale, password, env }) {
  execFileSync(process.execPath, ['dist/apps/store-api/seed.js', '--scale', String(scale)], {
    cwd: root,
    env: { ...process.env, ...env, SEED_PASSWORD: password },
    // Its summary (row counts) goes to stderr with the bench's other progress lines.
    stdio: ['ignore', process.stderr, 'inherit'],
  });
}

async function preparePostgres({ root, scale, password, serverUrl }) {
  const name = `rail_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const version = (await admin.query('SHOW server_version')).rows[0].server_version;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const drop = async () => {
    // FORCE (PostgreSQL 13+) ends connections a killed child may have left.
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
  const env = { DATABASE_URL: url.toString() };
  try {
    // The seed command's DataSource runs the migrations before seeding.
    seed({ root, scale, password, env });
    // Freshly loaded tables have no planner statistics until autovacuum gets
    // to them, and without them PostgreSQL picks plans no production database
    // would run, for Rail and the floor alike.
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    await client.query('ANALYZE').finally(() => client.end());
  } catch (error) {
    await drop();
    throw error;
  }
  /** The first column of the first row of one query (the bench's checks of what a write stored). */
  const scalar = async (text, params) => {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      // The checks are written with SQLite's `?` placeholders.
      let index = 0;
      const numbered = text.replace(/\?/g, () => `$${(index += 1)}`);
      const { rows } = await client.query({ text: numbered, values: params, rowMode: 'array' });
      return rows[0]?.[0];
    } finally {
      await client.end();
    }
  };
  return { kind: 'postgres', description: `PostgreSQL ${version} (database ${name})`, env, drop, scalar };
}

function prepareSqlite({ root, scale, password }) {
  const dir = mkdtempSync(join(tmpdir(), 'rail-bench-'));
  const env = { SQLITE_PATH: join(dir, 'store.sqlite') };
  const drop = () => {
    rmSync(dir, { recursive: true, force: true });
    return Promise.resolve();
  };
  try {
    seed({ root, scale, password, env });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const scalar = (text, params) => {
    const database = new Database(env.SQLITE_PATH, { readonly: true });
    try {
      return Promise.resolve(database.prepare(text).raw().get(params)?.[0]);
    } finally {
      database.close();
    }
  };
  return {
    kind: 'sqlite',
    description: `embedded SQLite file through better-sqlite3 (${env.SQLITE_PATH})`,
    env,
    drop,
    scalar,
  };
}

/**
 * Creates and seeds the database (the demo users get `password`). Returns its
 * kind, a description, the environment (DATABASE_URL or SQLITE_PATH) that
 * points the app and the floor at it, and `drop()`.
 */
export function prepareDatabase({ root, scale, password, databaseUrl }) {
  return databaseUrl
    ? preparePostgres({ root, scale, password, serverUrl: databaseUrl })
    : Promise.resolve(prepareSqlite({ root, scale, password }));
}
