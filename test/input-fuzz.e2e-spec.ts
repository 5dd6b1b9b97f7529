import { GraphQLSchemaHost } from '@nestjs/graphql';
import request from 'supertest';
import { operationsFor, rootFields, type FuzzOperation } from './fuzz/fuzz-cases.js';
import { seededRandom, type FuzzValue } from './fuzz/fuzz-values.js';
import { startStoreApp, type StoreApp } from './support/store-app.js';

/**
 * Malformed input, generated from the schema, to every root field: wrong
 * types, NUL and lone surrogates, huge numbers, impossible dates, deep JSON,
 * empty and oversized lists, as variables and as literals. Whatever the
 * field, the answer is a client error: never HTTP 5xx, never
 * INTERNAL_SERVER_ERROR. Seeded, so a failure reproduces.
 */

const SEED = 20260301;
// Mutations go one at a time (see below), so they get fewer probes per field than queries.
const LIMITS = {
  query: { depth: 3, positionsPerField: 12, valuesPerPosition: 3, literalShare: 0.25 },
  mutation: { depth: 3, positionsPerField: 7, valuesPerPosition: 2, literalShare: 0.2 },
};
const BATCH_SIZE = 25;
const BATCH_BYTES = 800_000;

/** Root fields left out, and why. */
const EXCLUDED: Readonly<Record<string, string>> = {
  logout: 'ends the signed-in session the other requests use',
  logoutAll: 'ends every session of the signed-in admin',
};

/** Arguments left out, and why. */
const EXCLUDED_ARGUMENTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {};

/** Arguments that must be right for the probe to get past the first check (the report exists). */
const BASELINES: Readonly<Record<string, Readonly<Record<string, FuzzValue>>>> = {
  report: { code: 'sales_overview' },
  reportExport: { code: 'sales_overview', format: 'csv' },
  exportData: { model: 'Order', fields: ['id', 'createdAt'], format: 'csv' },
  explainPermission: { permission: 'product.view' },
};

interface Outcome {
  readonly status: number;
  readonly errors: ReadonlyArray<{ message: string; extensions?: { code?: string } }>;
}

/** Batches of operations, within the batch cap and the body limit. */
function batches(operations: readonly FuzzOperation[]): FuzzOperation[][] {
  const result: FuzzOperation[][] = [];
  let current: FuzzOperation[] = [];
  let bytes = 0;
  for (const operation of operations) {
    if (current.length > 0 && (current.length >= BATCH_SIZE || bytes + operation.body.length > BATCH_BYTES)) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(operation);
    bytes += operation.body.length;
  }
  if (current.length > 0) result.push(current);
  return result;
}

describe('malformed input to every root field', () => {
  let store: StoreApp;
  let headers: Record<string, string>;
  beforeAll(async () => {
    store = await startStoreApp({ user: null, env: { RAIL_GRAPHQL_BATCH_MAX: String(BATCH_SIZE) } });
    headers = await store.fullSession('admin@acme.example');
  });
  afterAll(() => store.close());

  const send = async (batch: readonly FuzzOperation[]): Promise<Outcome[]> => {
    const response = await request(store.app.getHttpServer())
      .post('/graphql')
      .set({ 'content-type': 'application/json', ...headers })
      .send(`[${batch.map((operation) => operation.body).join(',')}]`);
    const bodies = (Array.isArray(response.body) ? response.body : [response.body]) as Array<{
      errors?: Outcome['errors'];
    }>;
    return batch.map((_, index) => ({ status: response.status, errors: bodies[index]?.errors ?? [] }));
  };

  it.each(['query', 'mutation'] as const)(
    'every %s field answers malformed input with a client error',
    async (operation) => {
      const schema = store.app.get(GraphQLSchemaHost).schema;
      const random = seededRandom(SEED + operation.length);
      const fields = rootFields(schema, operation).filter((field) => !(field.name in EXCLUDED));
      const operations = fields.flatMap((field) =>
        operationsFor(
          operation,
          field,
          random,
          LIMITS[operation],
          BASELINES[field.name],
          new Set(Object.keys(EXCLUDED_ARGUMENTS[field.name] ?? {})),
        ),
      );
      const failures: string[] = [];
      // Mutations one at a time: Apollo runs a batch's operations at once, and concurrent
      // transactions on the embedded SQLite connection fail on their own (reported separately).
      for (const batch of operation === 'query' ? batches(operations) : operations.map((one) => [one])) {
        const outcomes = await send(batch);
        // A batch runs at once, so expensive operations (reports) may be refused for concurrency
        // before their input is read: those go again, alone.
        for (const [index, outcome] of outcomes.entries()) {
          if (outcome.errors.some((error) => error.extensions?.code === 'TOO_MANY_CONCURRENT_OPERATIONS'))
            outcomes[index] = (await send([batch[index]]))[0];
        }
        for (const [index, outcome] of outcomes.entries()) {
          const internal = outcome.errors.find((error) => error.extensions?.code === 'INTERNAL_SERVER_ERROR');
          if (outcome.status >= 500 || internal) {
            failures.push(
              `${batch[index].probe}: HTTP ${outcome.status} ${internal?.message.slice(0, 200) ?? ''}`,
            );
          }
        }
      }
      expect(operations.length).toBeGreaterThan(100);
      expect(failures).toEqual([]);
    },
    120_000,
  );

  it('lists every root field it leaves out, each with a reason', () => {
    const schema = store.app.get(GraphQLSchemaHost).schema;
    const names = new Set(rootFields(schema, 'mutation').map((field) => field.name));
    for (const name of Object.keys(EXCLUDED)) expect(names.has(name)).toBe(true);
    const queries = schema.getQueryType()!.getFields();
    for (const [field, argumentsLeftOut] of Object.entries(EXCLUDED_ARGUMENTS)) {
      const argumentNames = queries[field].args.map((argument) => argument.name);
      expect(argumentNames).toEqual(expect.arrayContaining(Object.keys(argumentsLeftOut)));
    }
  });
});
