import { ModelRegistry } from '@rail/core';
import { Column, DataSource, Entity, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { schemaOptionsSchema } from '../rail-schema.options.js';
import { parseFilter } from './filter-parser.js';

@Entity()
class Shelf {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar' }) label!: string;
  @Column({ type: 'varchar', nullable: true }) note!: string | null;
  @Column({ type: 'datetime' }) placedAt!: Date;
  @OneToMany(() => Book, (book) => book.shelf) books!: Book[];
}

@Entity()
class Book {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'int' }) shelfId!: number;
  @Column({ type: 'int' }) pages!: number;
  @ManyToOne(() => Shelf, (shelf) => shelf.books) shelf!: Shelf;
}

let dataSource: DataSource;
let deps: Parameters<typeof parseFilter>[0];

beforeAll(async () => {
  dataSource = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [Shelf, Book] });
  await dataSource.initialize();
  const registry = new ModelRegistry(dataSource, [Shelf, Book]);
  deps = {
    registry,
    options: schemaOptionsSchema.parse({
      entities: [Shelf, Book],
      maxFilterConditions: 5,
      maxFilterListSize: 3,
    }),
  };
});
afterAll(() => dataSource.destroy());

const shelves = (where: Record<string, unknown>) =>
  parseFilter(deps, deps.registry.get('Shelf'), where, 'where');

describe('parseFilter: a where input as a typed tree, its values apart', () => {
  it('builds the tree of combinators, field tests and relation quantifiers, and keeps values by path', () => {
    const parsed = shelves({
      label: { icontains: 'oak' },
      OR: [{ note: { isNull: true } }, { id: { in: ['1', '2'] } }],
      books: { some: { pages: { gte: 100 } } },
    });
    expect(parsed.tree).toMatchObject({
      kind: 'and',
      parts: [
        {
          kind: 'field',
          field: { property: 'label' },
          tests: [{ operator: 'icontains', path: 'where.label.icontains' }],
        },
        {
          kind: 'or',
          parts: [
            { kind: 'and', parts: [{ kind: 'field', tests: [{ operator: 'isNull', isNull: true }] }] },
            { kind: 'and', parts: [{ kind: 'field', tests: [{ operator: 'in', size: 1 }] }] },
          ],
        },
        { kind: 'and', parts: [{ kind: 'relation', quantifier: 'some', target: { name: 'Book' } }] },
      ],
    });
    expect(Object.fromEntries(parsed.operands)).toEqual({
      'where.label.icontains': 'oak',
      'where.OR.1.id.in': ['1', '2'],
      'where.books.some.pages.gte': 100,
    });
  });

  it('gives filters that differ only in values one shape, so that one compiled statement serves both', () => {
    const one = shelves({
      label: { eq: 'oak' },
      id: { in: ['1'] },
      placedAt: { gte: '2026-01-01T00:00:00Z' },
    });
    const other = shelves({
      label: { eq: 'pine' },
      id: { in: ['7', '8', '9'] },
      placedAt: { gte: '2020-05-05T00:00:00Z' },
    });
    expect(other.shape).toBe(one.shape);
    expect(other.operands).not.toEqual(one.operands);
  });

  it('gives another shape where the SQL text differs: isNull, an empty list, timestamps listed, quick search, the path', () => {
    const shapes = [
      shelves({ note: { isNull: true } }),
      shelves({ note: { isNull: false } }),
      shelves({ id: { in: [] } }),
      shelves({ id: { in: ['1'] } }),
      shelves({ placedAt: { in: ['2026-01-01T00:00:00Z'] } }),
      shelves({ placedAt: { in: ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'] } }),
      shelves({ quick: '' }),
      shelves({ quick: 'oak' }),
      parseFilter(deps, deps.registry.get('Shelf'), { quick: 'oak' }, 'shelves.where'),
    ].map((parsed) => parsed.shape);
    expect(new Set(shapes).size).toBe(shapes.length);
  });

  it('refuses bad input by its path before any decision is asked', () => {
    expect(() => shelves({ label: { gte: 'a' } })).toThrow('where.label.gte is not an operator of label');
    expect(() => shelves({ placedAt: { eq: 'yesterday' } })).toThrow(
      'where.placedAt.eq must be an RFC 3339 date-time',
    );
    expect(() => shelves({ books: { most: {} } })).toThrow('where.books.most is not some, every or none');
    expect(() => shelves({ shelfId: { eq: 1 } })).toThrow('where.shelfId is not a field of Shelf');
    expect(() => shelves({ id: { in: ['1', '2', '3', '4'] } })).toThrow('lists 4 values; at most 3');
    expect(() => shelves({ OR: Array.from({ length: 6 }, () => ({ id: { eq: '1' } })) })).toThrow(
      'more than 5 conditions',
    );
  });

  it('reads a trusted scope without the client limits', () => {
    const scope = parseFilter(
      deps,
      deps.registry.get('Shelf'),
      { id: { in: ['1', '2', '3', '4'] } },
      'scope',
      true,
    );
    expect(scope.operands.get('scope.id.in')).toEqual(['1', '2', '3', '4']);
  });
});
