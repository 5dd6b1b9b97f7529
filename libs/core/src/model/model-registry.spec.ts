import { Column, DataSource, Entity, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { OwnedBy, TenantScoped } from './model-access.decorators.js';
import { ModelRegistry } from './model-registry.js';

@Entity()
class Shelf {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'int' }) companyId!: number;
  @Column({ type: 'int' }) ownerId!: number;
  @OneToMany(() => Book, (book) => book.shelf) books!: Book[];
}

@Entity()
class Book {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'int' }) shelfId!: number;
  @ManyToOne(() => Shelf, (shelf) => shelf.books) shelf!: Shelf;
}

interface Paths {
  shelfTenant?: string;
  shelfOwner?: string;
  bookTenant?: string;
  bookOwner?: string;
}

/** The registry with these paths declared (each case sets all four, so none leaks into the next). */
function registryWith(paths: Paths): ModelRegistry {
  TenantScoped(paths.shelfTenant ?? 'companyId')(Shelf);
  OwnedBy(paths.shelfOwner ?? 'ownerId')(Shelf);
  TenantScoped(paths.bookTenant ?? 'shelf.companyId')(Book);
  OwnedBy(paths.bookOwner ?? 'shelf.ownerId')(Book);
  return new ModelRegistry(dataSource, [Shelf, Book]);
}

let dataSource: DataSource;

beforeAll(async () => {
  dataSource = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [Shelf, Book] });
  await dataSource.initialize();
});
afterAll(() => dataSource.destroy());

describe('ModelRegistry: tenancy and ownership declared on the entity', () => {
  it('keeps the paths, direct or through a to-one relation', () => {
    const registry = registryWith({});
    expect(registry.get('Shelf')).toMatchObject({ tenantPath: 'companyId', ownerPath: 'ownerId' });
    expect(registry.get('Book')).toMatchObject({ tenantPath: 'shelf.companyId', ownerPath: 'shelf.ownerId' });
  });

  it('reports a path that names no field, with the nearest field', () => {
    expect(registryWith({}).pathProblems).toEqual([]);
    expect(registryWith({ bookTenant: 'shelf.compnyId' }).pathProblems).toEqual([
      `Book: @TenantScoped('shelf.compnyId'): Shelf has no field "compnyId" (did you mean companyId?)`,
    ]);
  });

  it('reports a path through a to-many relation or no relation at all, every one of them', () => {
    expect(registryWith({ shelfOwner: 'books.id', shelfTenant: 'company.id' }).pathProblems).toEqual([
      `Shelf: @TenantScoped('company.id'): "company" is not a to-one relation of Shelf`,
      `Shelf: @OwnedBy('books.id'): "books" is not a to-one relation of Shelf`,
    ]);
  });
});
