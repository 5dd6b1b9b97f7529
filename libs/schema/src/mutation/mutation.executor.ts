import { type ModelDefinition, type ModelOperation, type MutationObserver, RailErrorCode } from '@rail/core';
import type { EntityManager } from 'typeorm';
import type { AccessContext } from '../query/access-context.js';
import type { ReadDeps } from '../query/read.executor.js';
import { constraintProblem } from './database-error.mapper.js';
import { MutationRejected, problem, type FieldProblem } from './field-errors.js';
import { LinkChecks } from './link-checks.js';
import { NestedLinks } from './nested-links.js';
import { keyOf, record, RowLookup } from './row-lookup.js';
import { type ParentRow, RowWriter } from './row-writer.js';
import { WritePreparer } from './write-preparer.js';
import type { Input, PreparedWrite, Values, WrittenRow } from './write-types.js';

export interface MutationResult {
  readonly ok: boolean;
  /** Ids of the rows the payload shows (created, updated, or deleted). */
  readonly ids: readonly string[];
  readonly problems: readonly FieldProblem[];
}

/**
 * The generated write path. Every mutation, nested and bulk included, is one
 * transaction: the whole input tree is decided first (field rules, links,
 * presets, validation; all links checked in one statement), then written,
 * rows of one model and parent together, each seen by the mutation observers
 * and kept inside the caller's scopes; any problem rolls everything back and
 * is reported on its field path.
 */
export class MutationExecutor {
  private readonly lookup: RowLookup;
  private readonly writer: RowWriter;
  private readonly nested: NestedLinks;

  constructor(
    private readonly deps: ReadDeps,
    private readonly access: AccessContext,
    private readonly observers: readonly MutationObserver[],
  ) {
    this.lookup = new RowLookup(deps, access);
    this.writer = new RowWriter(deps, access, observers, this.lookup);
    this.nested = new NestedLinks(deps, access, this.lookup, this.writer);
  }

  create(
    model: ModelDefinition,
    inputs: readonly Input[],
    paths: readonly string[],
  ): Promise<MutationResult> {
    return this.transaction(model, 'create', async (manager) => {
      const prepared = await this.prepareAll(
        manager,
        model,
        inputs.map((input, index) => [input, paths[index]] as const),
        'create',
      );
      // Top-level rows one by one: a database error then names its input.
      const ids: string[] = [];
      for (const write of prepared) ids.push(...(await this.insert(manager, model, [write])));
      return ids;
    });
  }

  update(
    model: ModelDefinition,
    items: ReadonlyArray<{ id: string; data: Input }>,
    paths: readonly string[],
  ): Promise<MutationResult> {
    return this.transaction(model, 'update', async (manager) => {
      const befores: Values[] = [];
      const missing: FieldProblem[] = [];
      for (const [index, item] of items.entries()) {
        const before = await this.lookup.findScoped(
          manager,
          model,
          'update',
          item.id,
          `${paths[index]}.id`,
          true,
        );
        // Row-level policies see the row as stored before it changes.
        if (before) await this.access.assertAllowed(model, 'update', item.id, before);
        if (before) befores.push(before);
        else
          missing.push(
            problem(idPath(paths[index]), RailErrorCode.NOT_FOUND, `${model.name} ${item.id} does not exist`),
          );
      }
      if (missing.length > 0) throw new MutationRejected(missing);
      const prepared = await this.prepareAll(
        manager,
        model,
        items.map((item, index) => [item.data, paths[index]] as const),
        'update',
        befores,
      );
      for (const [index, write] of prepared.entries())
        await this.change(manager, model, befores[index], write);
      return items.map((item) => item.id);
    });
  }

  delete(model: ModelDefinition, ids: readonly string[], paths: readonly string[]): Promise<MutationResult> {
    return this.transaction(model, 'delete', async (manager) => {
      for (const [index, id] of ids.entries()) {
        this.writer.currentPath = paths[index]!;
        const before = await this.lookup.findScoped(manager, model, 'delete', id, paths[index], true);
        if (!before)
          throw new MutationRejected([
            problem(paths[index], RailErrorCode.NOT_FOUND, `${model.name} ${id} does not exist`),
          ]);
        await this.access.assertAllowed(model, 'delete', id, before);
        await this.writer.remove(manager, model, before, 'delete');
      }
      return [...ids];
    });
  }

  /** Loads the row, lets the entity method change it, and saves what changed. */
  action(
    model: ModelDefinition,
    action: { name: string; method: string },
    id: string,
  ): Promise<MutationResult> {
    return this.transaction(model, action.name, async (manager) => {
      const entity = await this.lookup.findEntity(manager, model, action.name, id);
      if (!entity) {
        await this.access.rowNotFound(model, action.name, id);
        throw new MutationRejected([
          problem('id', RailErrorCode.NOT_FOUND, `${model.name} ${id} does not exist`),
        ]);
      }
      const before = record(model, entity);
      await this.access.assertAllowed(model, action.name, id, before);
      const method = (entity as Record<string, unknown>)[action.method];
      if (typeof method !== 'function') throw new Error(`${model.name}.${action.method} is not a method`);
      await (method as () => unknown).call(entity);
      const after = record(model, entity);
      const changed = Object.fromEntries(
        Object.entries(after).filter(([key, value]) => !sameValue(before[key], value)),
      );
      await this.writer.notify('beforeWrite', model, action.name, id, before, after, manager);
      if (Object.keys(changed).length > 0)
        await manager.update(model.entity, { [model.primaryKey.property]: keyOf(model, id) }, changed);
      const reloaded = await this.writer.reload(manager, model, id);
      await this.writer.notify('afterWrite', model, action.name, id, before, reloaded, manager);
      return [id];
    });
  }

  private async transaction(
    model: ModelDefinition,
    operation: ModelOperation,
    work: (manager: EntityManager) => Promise<string[]>,
  ): Promise<MutationResult> {
    await this.access.assertAllowed(model, operation);
    try {
      const ids = await this.deps.dataSource.transaction(async (manager) => {
        this.writer.written = [];
        const result = await work(manager);
        // Last thing inside the transaction: one statement per observer for the whole mutation (audit).
        for (const observer of this.observers) await observer.beforeCommit?.(this.writer.written, manager);
        return result;
      });
      return { ok: true, ids, problems: [] };
    } catch (error) {
      if (error instanceof MutationRejected) return { ok: false, ids: [], problems: error.problems };
      const mapped = constraintProblem(error, this.deps.registry, this.writer.currentPath);
      const inserts = this.writer.inserts;
      if (mapped && inserts.imprecise && !inserts.oneRowPerStatement) {
        // Rolled back: once more, row by row, so that the problem names the input it is about.
        inserts.oneRowPerStatement = true;
        return this.transaction(model, operation, work);
      }
      if (mapped) return { ok: false, ids: [], problems: [mapped] };
      throw error;
    }
  }

  /** Decides every item and nested row before anything is written, so that all problems are reported together. */
  private async prepareAll(
    manager: EntityManager,
    model: ModelDefinition,
    items: ReadonlyArray<readonly [Input, string]>,
    mode: 'create' | 'update',
    storedRows?: readonly Values[],
  ): Promise<PreparedWrite[]> {
    const problems: FieldProblem[] = [];
    const links = new LinkChecks(this.deps, this.access);
    const preparer = new WritePreparer(this.deps, this.access, links);
    const prepared: PreparedWrite[] = [];
    for (const [index, [input, path]] of items.entries())
      prepared.push(
        await preparer.prepare(model, input, path, mode, problems, undefined, storedRows?.[index]),
      );
    if (problems.length === 0) problems.push(...(await links.verify(manager)));
    if (problems.length > 0) throw new MutationRejected(problems);
    return prepared;
  }

  private insert(
    manager: EntityManager,
    model: ModelDefinition,
    writes: readonly PreparedWrite[],
    parent?: ParentRow,
  ) {
    return this.writer.insertAll(manager, model, writes, parent, (tx, write, row) =>
      this.writeChildren(tx, model, write, row),
    );
  }

  private async change(
    manager: EntityManager,
    model: ModelDefinition,
    before: Values,
    write: PreparedWrite,
  ): Promise<void> {
    this.writer.currentPath = write.path;
    const id = String(before[model.primaryKey.property]);
    await this.writer.update(manager, model, id, before, write.values);
    await this.writeChildren(manager, model, write, { id, after: undefined });
    await this.writer.assertRowInScope(manager, model, 'update', id, write.path);
    await this.writer.updated(manager, model, id, before);
  }

  /** Nested to-many writes of one written row: its created children together, then links to existing rows. */
  private async writeChildren(
    manager: EntityManager,
    model: ModelDefinition,
    write: PreparedWrite,
    row: WrittenRow,
  ): Promise<void> {
    for (const toMany of write.toMany) {
      const target = this.deps.registry.get(toMany.relation.target);
      if (toMany.created.length > 0) {
        await this.insert(manager, target, toMany.created, {
          model: model.name,
          relation: toMany.relation,
          key: keyOf(model, row.id),
          row: row.after,
        });
      }
      await this.nested.apply(manager, model, row.id, toMany);
    }
  }
}

/** Where a bulk or single update names its id: `id`, or `inputs.3.id` for `inputs.3.data`. */
function idPath(path: string): string {
  return path === 'input' ? 'id' : `${path.replace(/\.data$/, '')}.id`;
}

function sameValue(left: unknown, right: unknown): boolean {
  if (left instanceof Date && right instanceof Date) return left.getTime() === right.getTime();
  return left === right;
}
