// Writes a PostgreSQL migration for the sample store: `npm run migration:generate -- AddThing`.
// @rail/core's generateMigration does the work for any app: the app's migrations run on a
// scratch database next to DATABASE_URL's (the target database is never touched), and the
// difference to the entities is written, with what tables declare beside their columns
// (the audit trail's triggers). Another app calls it the same way with its own options.
import 'reflect-metadata';
import { generateMigration } from '@rail/core';
import { storeRailOptions } from '../dist/apps/store-api/store-rail-options.js';

const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
  console.error('Usage: npm run migration:generate -- <PascalCaseName>');
  process.exit(2);
}
const generated = await generateMigration({
  rail: storeRailOptions(),
  name,
  directory: 'apps/store-api/src/migrations',
  serverUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
});
if (generated) {
  console.log(
    `Wrote ${generated.file}; add ${generated.className} to apps/store-api/src/migrations/index.ts.`,
  );
} else {
  console.log('The migrations already match the entities; nothing to write.');
}
