import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printSchema } from 'graphql';
import { classifySchemaChanges, countChanges, formatChange } from '../.ci/schema-diff.mjs';
import { startStoreApp, type StoreApp } from './support/store-app.js';

// The generated API is a contract with every client: a change to it must be a
// visible diff of this file in review, never an accident.
const SNAPSHOT = join(import.meta.dirname, '..', 'apps', 'store-api', 'schema.graphql');

/** What the generated schema changes for clients of the committed one, a line per change. */
async function difference(committed: string, generated: string): Promise<string> {
  // A committed file that does not parse (a merge's conflict markers) still gets a readable failure.
  const changes = await classifySchemaChanges(committed, generated).catch((error: Error) => {
    throw new Error(
      `apps/store-api/schema.graphql is not a valid schema (${error.message}); RAIL_UPDATE_SCHEMA=1 rewrites it`,
      { cause: error },
    );
  });
  const lines = changes.length
    ? [...changes.map((change) => `  ${formatChange(change)}`), `  (${countChanges(changes)})`]
    : ['  no change of a type, field, argument or description (order or formatting only)'];
  return [
    'apps/store-api/schema.graphql differs from the generated schema; for its clients the generated one makes',
    ...lines,
    'If the change is intended, RAIL_UPDATE_SCHEMA=1 npm test -- test/schema-snapshot rewrites the file; a commit',
    "with a BREAKING change also ends its message with a 'Breaking-Schema-Change: <reason>' trailer (docs/testing.md).",
  ].join('\n');
}

describe('the generated schema of the store app', () => {
  let store: StoreApp;
  beforeAll(async () => {
    store = await startStoreApp();
  });
  afterAll(() => store.close());

  it('matches apps/store-api/schema.graphql (RAIL_UPDATE_SCHEMA=1 npm test -- test/schema-snapshot rewrites it)', async () => {
    const printed = `${printSchema(store.app.get(GraphQLSchemaHost).schema)}\n`;
    // Only an explicit update writes the contract; a missing file is a failure, never a fresh snapshot.
    if (process.env.RAIL_UPDATE_SCHEMA === '1') writeFileSync(SNAPSHOT, printed);
    if (!existsSync(SNAPSHOT)) {
      throw new Error(
        `${SNAPSHOT} is missing: the committed schema is the contract (RAIL_UPDATE_SCHEMA=1 writes it)`,
      );
    }
    const committed = readFileSync(SNAPSHOT, 'utf8');
    // The classified list says whether clients break, which a text diff leaves to the reader.
    if (printed !== committed) throw new Error(await difference(committed, printed));
  });
});
