import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printSchema } from 'graphql';
import { startStoreApp, type StoreApp } from './support/store-app.js';

// The generated API is a contract with every client: a change to it must be a
// visible diff of this file in review, never an accident.
const SNAPSHOT = join(import.meta.dirname, '..', 'apps', 'store-api', 'schema.graphql');

describe('the generated schema of the store app', () => {
  let store: StoreApp;
  beforeAll(async () => {
    store = await startStoreApp();
  });
  afterAll(() => store.close());

  it('matches apps/store-api/schema.graphql (RAIL_UPDATE_SCHEMA=1 npm test -- test/schema-snapshot rewrites it)', () => {
    const printed = `${printSchema(store.app.get(GraphQLSchemaHost).schema)}\n`;
    // Only an explicit update writes the contract; a missing file is a failure, never a fresh snapshot.
    if (process.env.RAIL_UPDATE_SCHEMA === '1') writeFileSync(SNAPSHOT, printed);
    if (!existsSync(SNAPSHOT)) {
      throw new Error(
        `${SNAPSHOT} is missing: the committed schema is the contract (RAIL_UPDATE_SCHEMA=1 writes it)`,
      );
    }
    expect(printed).toBe(readFileSync(SNAPSHOT, 'utf8'));
  });
});
