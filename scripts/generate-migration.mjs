// Writes a PostgreSQL migration with the SQL that brings the migrated schema
// level with the store's entities: `npm run migration:generate -- AddThing`.
// It works on a scratch database next to DATABASE_URL's, so the target
// database is never touched.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { createDataSourceOptions, resolveRailOptions } from '@rail/core';
import { storeRailOptions } from '../dist/apps/store-api/store-rail-options.js';

const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
  console.error('Usage: npm run migration:generate -- <PascalCaseName>');
  process.exit(2);
}
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const scratch = `rail_migration_scratch_${process.pid}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${scratch}`);
const scratchUrl = new URL(serverUrl);
scratchUrl.pathname = `/${scratch}`;
try {
  const options = resolveRailOptions({ ...storeRailOptions(), database: { url: scratchUrl.toString() } });
  const dataSource = new DataSource(createDataSourceOptions(options));
  await dataSource.initialize();
  const { upQueries, downQueries } = await dataSource.driver.createSchemaBuilder().log();
  await dataSource.destroy();
  if (upQueries.length === 0) {
    console.log('The migrations already match the entities; nothing to write.');
  } else {
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const render = (queries) =>
      queries
        .map(
          (q) =>
            `    await queryRunner.query(${JSON.stringify(q.query)}${q.parameters?.length ? `, ${JSON.stringify(q.parameters)}` : ''});`,
        )
        .join('\n');
    const file = `apps/store-api/src/migrations/${timestamp}-${name}.ts`;
    writeFileSync(
      file,
      `import type { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${className} implements MigrationInterface {\n  name = '${className}';\n\n  async up(queryRunner: QueryRunner): Promise<void> {\n${render(upQueries)}\n  }\n\n  async down(queryRunner: QueryRunner): Promise<void> {\n${render(downQueries.reverse())}\n  }\n}\n`,
    );
    console.log(`Wrote ${file}; add ${className} to apps/store-api/src/migrations/index.ts.`);
  }
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
  await admin.end();
}
