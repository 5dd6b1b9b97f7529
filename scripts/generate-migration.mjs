// Writes a PostgreSQL migration for one of the repository's apps:
// `npm run migration:generate -- AddThing` (the store) or
// `npm run migration:generate -- --app helpdesk AddThing`.
// @rail/core's generateMigration does the work for any app: the app's migrations run on a
// scratch database next to DATABASE_URL's (the target database is never touched), and the
// difference to the entities is written, with what tables declare beside their columns
// (the audit trail's triggers). Another app calls it the same way with its own options.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { generateMigration } from '@rail/core';

const apps = {
  store: async () => ({
    options: (await import('../dist/apps/store-api/store-rail-options.js')).storeRailOptions(),
    directory: 'apps/store-api/src/migrations',
  }),
  helpdesk: async () => ({
    options: (await import('../dist/apps/helpdesk/helpdesk-options.js')).helpdeskRailOptions(),
    directory: 'apps/helpdesk/src/migrations',
  }),
};

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { app: { type: 'string', default: 'store' } },
});
const [name] = positionals;
const app = apps[values.app];
if (!app || !name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
  console.error('Usage: npm run migration:generate -- [--app store|helpdesk] <PascalCaseName>');
  process.exit(2);
}
const { options, directory } = await app();
const generated = await generateMigration({
  rail: options,
  name,
  directory,
  serverUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
});
if (generated) {
  console.log(`Wrote ${generated.file}; add ${generated.className} to ${directory}/index.ts.`);
} else {
  console.log('The migrations already match the entities; nothing to write.');
}
