import { ModelRegistry } from '@rail/core';
import { Column, DataSource, Entity, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { scopeHolds } from './scope-evaluation.js';

@Entity()
class Shelf {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'int' }) companyId!: number;
  @Column({ type: 'int' }) ownerId!: number;
  @Column({ type: 'decimal', precision: 8, scale: 2 }) price!: string;
  @OneToMany(() => Book, (book) => book.shelf) books!: Book[];
}

@Entity()
class Book {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'int' }) shelfId!: number;
  @ManyToOne(() => Shelf, (shelf) => shelf.books) shelf!: Shelf;
}

let dataSource: DataSource;
let registry: ModelRegistry;

beforeAll(async () => {
  dataSource = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [Shelf, Book] });
  await dataSource.initialize();
  registry = new ModelRegistry(dataSource, [Shelf, Book]);
});
afterAll(() => dataSource.destroy());

const shelf = () => registry.get('Shelf');
const book = () => registry.get('Book');
const noParent = () => undefined;

describe('scopeHolds: a written row against its scope, decided without a statement where it can be', () => {
  it('holds for the tenant and owner the API filled in, a scope saying "1" where the row holds 1', () => {
    const conditions = [{ companyId: { eq: '1' } }, { ownerId: { in: ['4', '5'] } }];
    expect(scopeHolds(registry, shelf(), conditions, { companyId: 1, ownerId: 5 }, noParent)).toBe(true);
  });

  it('is a sure "no" for another tenant of the same type', () => {
    expect(scopeHolds(registry, shelf(), [{ companyId: { eq: 1 } }], { companyId: 2 }, noParent)).toBe(false);
    expect(scopeHolds(registry, shelf(), [{ ownerId: { in: [4] } }], { ownerId: 5 }, noParent)).toBe(false);
    // Whole numbers compare as numbers, whichever side is text.
    expect(scopeHolds(registry, shelf(), [{ companyId: { eq: '1' } }], { companyId: 2 }, noParent)).toBe(
      false,
    );
  });

  it('leaves to the database what it cannot be sure of', () => {
    const undecided = [
      // A decimal written as "1.5" is stored as 1.50.
      [{ price: { eq: '1.50' } }, { price: '1.5' }],
      // An operator it does not evaluate.
      [{ companyId: { gte: 1 } }, { companyId: 1 }],
      // A field the written values do not hold.
      [{ ownerId: { eq: 4 } }, { companyId: 1 }],
      // A combinator it does not evaluate.
      [{ OR: [{ companyId: { eq: 1 } }] }, { companyId: 1 }],
    ] as const;
    for (const [condition, row] of undecided)
      expect(scopeHolds(registry, shelf(), [condition], row, noParent)).toBeUndefined();
  });

  it("decides a child's scope through its parent only when the write holds the parent's row", () => {
    const conditions = [{ shelf: { companyId: { eq: '1' } } }];
    const parent = (companyId: number) => () => ({ companyId });
    expect(scopeHolds(registry, book(), conditions, { shelfId: 9 }, parent(1))).toBe(true);
    expect(scopeHolds(registry, book(), conditions, { shelfId: 9 }, parent(2))).toBe(false);
    expect(scopeHolds(registry, book(), conditions, { shelfId: 9 }, noParent)).toBeUndefined();
  });

  it('needs every condition, and AND of each part', () => {
    const both = [{ AND: [{ companyId: { eq: 1 } }, { ownerId: { eq: 4 } }] }];
    expect(scopeHolds(registry, shelf(), both, { companyId: 1, ownerId: 4 }, noParent)).toBe(true);
    expect(scopeHolds(registry, shelf(), both, { companyId: 1, ownerId: 5 }, noParent)).toBe(false);
    expect(scopeHolds(registry, shelf(), [], { companyId: 1 }, noParent)).toBe(true);
  });
});
