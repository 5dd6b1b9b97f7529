import 'reflect-metadata';
import { createDataSourceOptions, describeStartupError, resolveRailOptions } from '@rail/core';
import { DataSource } from 'typeorm';
import { parseArgs } from 'node:util';
import { DEFAULT_DEMO_PASSWORD } from './seed/demo-accounts.js';
import { seedStore } from './seed/store-seeder.js';
import { storeRailOptions } from './store-rail-options.js';

/**
 * `npm run seed [-- --scale N] [-- --reset]`: fills the configured database
 * (DATABASE_URL, or the embedded SQLite file) with the demo store.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { scale: { type: 'string', default: '1' }, reset: { type: 'boolean', default: false } },
  });
  const scale = Number(values.scale);
  if (!(scale > 0))
    throw new Error(`--scale expects a positive number, received ${JSON.stringify(values.scale)}`);

  const dataSource = new DataSource(createDataSourceOptions(resolveRailOptions(storeRailOptions())));
  await dataSource.initialize();
  try {
    if (values.reset) {
      await dataSource.dropDatabase();
      if (dataSource.options.type === 'postgres') await dataSource.runMigrations();
      else await dataSource.synchronize();
    }
    const started = Date.now();
    const summary = await seedStore(dataSource, {
      scale,
      password: process.env.SEED_PASSWORD ?? DEFAULT_DEMO_PASSWORD,
    });
    console.log(`Seeded in ${Date.now() - started} ms:`, summary);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(`Seeding failed: ${describeStartupError(error)}`);
  process.exit(1);
});
