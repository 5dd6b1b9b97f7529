import { buildSchema, parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { ASSUMED_LIST_SIZE, listSizeEstimator } from './query-cost.plugin.js';

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
