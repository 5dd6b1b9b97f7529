import {
  type ModelDefinition,
  type ModelOperation,
  type MutationEvent,
  type MutationObserver,
  RailError,
  RailErrorCode,
  type RelationDefinition,
} from '@rail/core';
import type { EntityManager } from 'typeorm';
import type { AccessContext } from '../query/access-context.js';
import type { ReadDeps } from '../query/read.executor.js';
import { keyOf, record, type RowLookup } from './row-lookup.js';
import { RowInserts } from './row-inserts.js';
import { scopeHolds } from './scope-evaluation.js';
import type { PreparedWrite, Values, WrittenRow } from './write-types.js';

/** The parent row of a nested create: the key its children point at, and the row as written. */
export interface ParentRow {
  readonly model: string;
  /** The parent's to-many relation; its foreign key is on the children. */
  readonly relation: RelationDefinition;
  readonly key: number | string;
  readonly row: Values | undefined;
}

/**
 * Writes prepared rows and tells the mutation observers. The rows of one
 * model and parent go in together (see RowInserts). Each written row must stay inside
 * the caller's scope: decided from its values when they suffice, otherwise
 * asked in one statement for the batch.
 */
export class RowWriter {
  /** The `afterWrite` events of the running transaction, for the observers' `beforeCommit`. */
  written: MutationEvent[] = [];
  /** Which input path a database error belongs to. */
  currentPath = 'input';
  /** How rows are inserted: in batches, or one per statement once a batch's error must be placed. */
  readonly inserts: RowInserts;

  constructor(
    private readonly deps: ReadDeps,
    private readonly access: AccessContext,
    private readonly observers: readonly MutationObserver[],
    private readonly lookup: RowLookup,
  ) {
    this.inserts = new RowInserts(deps);
  }

  /** Inserts the rows and their nested rows; the ids in input order. */
  async insertAll(
    manager: EntityManager,
    model: ModelDefinition,
    writes: readonly PreparedWrite[],
    parent?: ParentRow,
    children?: (manager: EntityManager, write: PreparedWrite, row: WrittenRow) => Promise<void>,
  ): Promise<string[]> {
    if (writes.length === 0) return [];
    this.currentPath = writes[0].path;
    const rows = writes.map((write) =>
      parent ? { ...write.values, [parent.relation.foreignKey]: parent.key } : write.values,
    );
    for (const values of rows)
      await this.notify('beforeWrite', model, 'create', undefined, undefined, values, manager);
    const written = await this.inserts.insert(manager, model, rows, (index) => {
      this.currentPath = writes[index].path;
    });
    for (const [index, write] of writes.entries()) {
      this.currentPath = write.path;
      await children?.(manager, write, written[index]);
    }
    await this.assertInScope(manager, model, written, writes, parent);
    for (const row of written)
      await this.notify('afterWrite', model, 'create', row.id, undefined, this.observed(row), manager);
    return written.map((row) => row.id);
  }

  async update(
    manager: EntityManager,
    model: ModelDefinition,
    id: string,
    before: Values,
    values: Values,
  ): Promise<void> {
    await this.notify('beforeWrite', model, 'update', id, before, { ...before, ...values }, manager);
    if (Object.keys(values).length > 0)
      await manager.update(model.entity, { [model.primaryKey.property]: keyOf(model, id) }, values);
  }

  /** Tells the observers a row changed, as it now is (read back when anyone listens). */
  async updated(manager: EntityManager, model: ModelDefinition, id: string, before: Values): Promise<void> {
    await this.notify(
      'afterWrite',
      model,
      'update',
      id,
      before,
      await this.reload(manager, model, id),
      manager,
    );
  }

  async remove(
    manager: EntityManager,
    model: ModelDefinition,
    before: Values,
    operation: ModelOperation,
  ): Promise<void> {
    const id = String(before[model.primaryKey.property]);
    await this.notify('beforeWrite', model, operation, id, before, undefined, manager);
    await manager.delete(model.entity, { [model.primaryKey.property]: keyOf(model, id) });
    await this.notify('afterWrite', model, operation, id, before, undefined, manager);
  }

  /** A write must leave the row inside the caller's scope (no moving rows to another tenant). */
  async assertRowInScope(
    manager: EntityManager,
    model: ModelDefinition,
    operation: ModelOperation,
    id: string,
    path: string,
  ): Promise<void> {
    if ((await this.access.scopeConditions(model, operation)).length === 0) return;
    if (!(await this.lookup.inScope(manager, model, operation, [id])).has(id))
      throw outOfScope(model, operation, path);
  }

  /** The row as written, for observers; without observers nobody needs it, so it is not read. */
  async reload(manager: EntityManager, model: ModelDefinition, id: string): Promise<Values | undefined> {
    if (this.observers.length === 0) return undefined;
    const entity = await manager.findOne(model.entity, {
      where: { [model.primaryKey.property]: keyOf(model, id) },
    });
    return entity ? record(model, entity) : undefined;
  }

  async notify(
    hook: 'beforeWrite' | 'afterWrite',
    model: ModelDefinition,
    operation: ModelOperation,
    entityId: string | undefined,
    before: Values | undefined,
    after: Values | undefined,
    manager: EntityManager,
  ): Promise<void> {
    const event: MutationEvent = {
      principal: this.access.principal,
      model: model.name,
      operation,
      entityId,
      before,
      after,
    };
    if (hook === 'afterWrite') this.written.push(event);
    for (const observer of this.observers) await observer[hook]?.(event, manager);
  }

  private observed(row: WrittenRow): Values | undefined {
    return this.observers.length > 0 ? row.after : undefined;
  }

  private async assertInScope(
    manager: EntityManager,
    model: ModelDefinition,
    rows: readonly WrittenRow[],
    writes: readonly PreparedWrite[],
    parent: ParentRow | undefined,
  ): Promise<void> {
    const conditions = await this.access.scopeConditions(model, 'create');
    if (conditions.length === 0) return;
    const undecided: Array<{ id: string; path: string }> = [];
    for (const [index, row] of rows.entries()) {
      const known = (relation: RelationDefinition) =>
        parent && relation.target === parent.model && relation.foreignKey === parent.relation.foreignKey
          ? parent.row
          : undefined;
      const holds = row.after
        ? scopeHolds(this.deps.registry, model, conditions, row.after, known)
        : undefined;
      if (holds === false) throw outOfScope(model, 'create', writes[index].path);
      if (holds === undefined) undecided.push({ id: row.id, path: writes[index].path });
    }
    if (undecided.length === 0) return;
    const inScope = await this.lookup.inScope(
      manager,
      model,
      'create',
      undecided.map(({ id }) => id),
    );
    const outside = undecided.find(({ id }) => !inScope.has(id));
    if (outside) throw outOfScope(model, 'create', outside.path);
  }
}

function outOfScope(model: ModelDefinition, operation: ModelOperation, path: string): RailError {
  return new RailError(
    RailErrorCode.FORBIDDEN,
    `${path}: the written ${model.name} would be outside what you may ${operation}`,
  );
}
