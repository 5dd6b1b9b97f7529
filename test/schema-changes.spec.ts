import {
  classifySchemaChanges,
  formatChange,
  judgeSchemaChange,
  type SchemaChange,
} from '../.ci/schema-diff.mjs';

// The words a reviewer reads about a schema change (BREAKING / DANGEROUS / SAFE
// and the path), and the decision on them: a change that breaks clients is
// accepted only with a reason.

const BEFORE = `
type Query {
  product(id: ID!): Product
  products(search: String): [Product!]!
}

type Product {
  id: ID!
  name: String!
  price: Float
}
`;
const WITHOUT_PRICE = BEFORE.replace('  price: Float\n', '');
const SEARCH_REQUIRED = BEFORE.replace('products(search: String)', 'products(search: String!)');
const WITH_SKU = BEFORE.replace('  price: Float\n', '  price: Float\n  sku: String\n');

const levelsByPath = (changes: SchemaChange[]) => changes.map((change) => `${change.level} ${change.path}`);

describe('classifySchemaChanges', () => {
  it('calls a removed field BREAKING, with its path and a message a reviewer can read', async () => {
    const changes = await classifySchemaChanges(BEFORE, WITHOUT_PRICE);
    expect(changes.map(formatChange)).toEqual([
      "BREAKING Product.price: Field 'price' was removed from object type 'Product'",
    ]);
  });

  it('calls an argument narrowed from nullable to non-null BREAKING', async () => {
    const changes = await classifySchemaChanges(BEFORE, SEARCH_REQUIRED);
    expect(levelsByPath(changes)).toEqual(['BREAKING Query.products.search']);
  });

  it('calls an added optional field SAFE', async () => {
    const changes = await classifySchemaChanges(BEFORE, WITH_SKU);
    expect(levelsByPath(changes)).toEqual(['SAFE Product.sku']);
  });

  it('finds no change between equal schemas', async () => {
    await expect(classifySchemaChanges(BEFORE, BEFORE)).resolves.toEqual([]);
  });

  it('lists the breaking changes first', async () => {
    const both = WITH_SKU.replace('  name: String!\n', '');
    const changes = await classifySchemaChanges(BEFORE, both);
    expect(levelsByPath(changes)).toEqual(['BREAKING Product.name', 'SAFE Product.sku']);
  });
});

describe('judgeSchemaChange', () => {
  const removed: SchemaChange[] = [{ level: 'BREAKING', path: 'Product.price', message: 'removed' }];
  const added: SchemaChange[] = [{ level: 'SAFE', path: 'Product.sku', message: 'added' }];

  it('refuses a breaking change with no acknowledgment', () => {
    expect(judgeSchemaChange({ changes: removed, acknowledgments: [] }).pass).toBe(false);
  });

  it('refuses an acknowledgment that gives no reason', () => {
    expect(judgeSchemaChange({ changes: removed, acknowledgments: ['', '  '] }).pass).toBe(false);
  });

  it('accepts a breaking change acknowledged with a reason, and repeats the reason', () => {
    const judgment = judgeSchemaChange({ changes: removed, acknowledgments: ['price moves to Offer'] });
    expect(judgment).toEqual({ pass: true, verdict: '1 breaking, acknowledged: price moves to Offer' });
  });

  it('accepts safe changes without an acknowledgment', () => {
    expect(judgeSchemaChange({ changes: added, acknowledgments: [] }).pass).toBe(true);
  });

  it('accepts a commit with no previous version: nothing to compare', () => {
    expect(judgeSchemaChange({ changes: null, acknowledgments: [] })).toEqual({
      pass: true,
      verdict: 'no previous version: nothing to compare',
    });
  });
});
