import { buildSchema, execute, parse, type GraphQLResolveInfo } from 'graphql';
import type { ResolveTree } from 'graphql-parse-resolve-info';
import { RequestSelections } from './request-selection.js';

const selections = new RequestSelections();
const trees: ResolveTree[] = [];
const schema = buildSchema(`
  type Query { products(limit: Int): [Product!]! }
  type Product { id: ID! name: String! }
`);
// graphql-js calls a function of the root value as the field's resolver.
const rootValue = {
  products: (_args: unknown, _context: unknown, info: GraphQLResolveInfo) => {
    trees.push(selections.treeOf(info));
    return [];
  },
};

const run = (document: ReturnType<typeof parse>, variableValues?: Record<string, unknown>) =>
  execute({ schema, document, rootValue, variableValues });

describe('RequestSelections', () => {
  beforeEach(() => (trees.length = 0));

  it('reads the selection of a document without variables once, however often it runs', async () => {
    const document = parse('{ products(limit: 5) { id name } }');
    await run(document);
    await run(document);
    expect(trees[1]).toBe(trees[0]);
    expect(Object.keys(trees[0].fieldsByTypeName.Product)).toEqual(['id', 'name']);
    // The same text parsed again is another document (Apollo keeps one per text).
    await run(parse('{ products(limit: 5) { id name } }'));
    expect(trees[2]).not.toBe(trees[0]);
  });

  it('reads it afresh for every request with variables, which may change what is selected', async () => {
    const document = parse(
      'query ($n: Int, $full: Boolean!) { products(limit: $n) { id name @include(if: $full) } }',
    );
    await run(document, { n: 1, full: true });
    await run(document, { n: 2, full: false });
    expect(trees[0].args).toEqual({ limit: 1 });
    expect(Object.keys(trees[0].fieldsByTypeName.Product)).toEqual(['id', 'name']);
    expect(trees[1].args).toEqual({ limit: 2 });
    expect(Object.keys(trees[1].fieldsByTypeName.Product)).toEqual(['id']);
  });
});
