type EntityClass = abstract new (...args: never[]) => unknown;

/** SQL that belongs with an entity's table on PostgreSQL: its triggers and functions. */
export interface DatabaseObjects {
  readonly postgres: {
    /** Run after the table is created, in order. */
    readonly up: readonly string[];
    /** Run before the table is dropped, in order. */
    readonly down: readonly string[];
  };
}

const DATABASE_OBJECTS = Symbol('rail:database-objects');

/**
 * Declares what a table needs beside its columns (a library's triggers), so
 * that a generated migration that creates the table creates them too
 * (`generateMigration`); nobody copies them into a migration by hand.
 *
 * @example
 * @DatabaseObjects({ postgres: { up: ['CREATE TRIGGER …'], down: ['DROP TRIGGER …'] } })
 * @Entity() export class AuditEvent { ... }
 */
export function DatabaseObjects(objects: DatabaseObjects): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(DATABASE_OBJECTS, objects, target);
  };
}

export function databaseObjectsOf(entity: EntityClass | string | object): DatabaseObjects | undefined {
  if (typeof entity !== 'function') return undefined;
  return Reflect.getMetadata(DATABASE_OBJECTS, entity) as DatabaseObjects | undefined;
}
