import { buildSchema, parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import type { GraphQLRequestContextDidResolveOperation, GraphQLRequestListener } from '@apollo/server';
import { RailSignals } from '../signals/rail-signals.service.js';
import { ASSUMED_LIST_SIZE, listSizeEstimator, queryCostPlugin } from './query-cost.plugin.js';

const schema = buildSchema(`
  type Query {
    products(limit: Int = 20, offset: Int = 0): [Product!]!
    productPage(page: Int = 1, perPage: Int = 20): ProductPage!
    product(id: ID!): Product
  }
  type ProductPage { items: [Product!]! totalCount: Int! }
  type Product { id: ID! name: String! category: Category tags(limit: Int): [String!]! reviews(limit: Int): [Review!]! }
  type Review { id: ID! }
  type Category { id: ID! name: String! }
`);

const cost = (query: string, variables: Record<string, unknown> = {}) =>
  getComplexity({ schema, query: parse(query), variables, estimators: [listSizeEstimator] });

describe('listSizeEstimator', () => {
  it('multiplies what is under a list by its size argument', () => {
    expect(cost('{ products(limit: 100) { id name } }')).toBe(1 + 100 * 2);
    expect(cost('{ products(limit: 10) { id category { name } } }')).toBe(1 + 10 * (1 + 2));
  });

  it('uses the argument default when the size is left out, and the variable value when given', () => {
    expect(cost('{ products { id } }')).toBe(1 + 20 * 1);
    expect(cost('query($n: Int) { products(limit: $n) { id } }', { n: 50 })).toBe(1 + 50);
  });

  it(`takes a size argument without default as ${ASSUMED_LIST_SIZE}`, () => {
    expect(cost('{ product(id: 1) { reviews { id } } }')).toBe(1 + (1 + ASSUMED_LIST_SIZE * 1));
    expect(cost('{ product(id: 1) { reviews(limit: 5) { id } } }')).toBe(1 + (1 + 5 * 1));
  });

  it('sizes a page by perPage, not again by its items list', () => {
    expect(cost('{ productPage(perPage: 50) { items { id name } totalCount } }')).toBe(1 + 50 * (1 + 2 + 1));
  });

  it('multiplies nested lists', () => {
    expect(cost('{ products(limit: 100) { id tags(limit: 100) } }')).toBe(1 + 100 * (1 + 1));
  });
});

describe('queryCostPlugin', () => {
  const plugin = queryCostPlugin(500, new RailSignals());
  /** What the plugin answers for one request: the refusal's cost, or undefined when it passes. */
  async function refusedCost(
    document: ReturnType<typeof parse>,
    variables: Record<string, unknown>,
    operationName?: string,
  ): Promise<unknown> {
    const listener = (await plugin.requestDidStart!({} as never)) as GraphQLRequestListener<object>;
    const context = { schema, document, request: { variables }, operationName };
    try {
      await listener.didResolveOperation!(
        context as unknown as GraphQLRequestContextDidResolveOperation<object>,
      );
      return undefined;
    } catch (error) {
      return (error as { extensions: { cost: unknown } }).extensions.cost;
    }
  }

  it('prices a document without variables once and refuses it every time, per operation', async () => {
    // Apollo hands the same parsed document to every request of the same text.
    const document = parse(
      'query Big { products(limit: 300) { id name } } query Small { products(limit: 3) { id } }',
    );
    expect(await refusedCost(document, {}, 'Big')).toBe(601);
    expect(await refusedCost(document, {}, 'Big')).toBe(601);
    expect(await refusedCost(document, {}, 'Small')).toBeUndefined();
  });

  it('prices a document with variables by the values of each request', async () => {
    const document = parse('query($n: Int) { products(limit: $n) { id name } }');
    expect(await refusedCost(document, { n: 3 })).toBeUndefined();
    expect(await refusedCost(document, { n: 300 })).toBe(601);
    expect(await refusedCost(document, { n: 3 })).toBeUndefined();
  });
});
