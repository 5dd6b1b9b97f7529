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
import { idToDb } from '../query/db-values.js';
import type { ReadDeps } from '../query/read.executor.js';
import { SqlParameters } from '../query/sql-parameters.js';
import { WhereCompiler } from '../query/where.compiler.js';
import { constraintProblem } from './database-error.mapper.js';
import { invalid, MutationRejected, problem, type FieldProblem } from './field-errors.js';
import { validateInput } from './input-validator.js';

type Values = Record<string, unknown>;
type Input = Readonly<Record<string, unknown>>;

interface RelationOps {
  create?: Input[] | null;
  connect?: string[] | null;
  disconnect?: string[] | null;
  set?: string[] | null;
  delete?: string[] | null;
}

export interface MutationResult {
  readonly ok: boolean;
  /** Ids of the rows the payload shows (created, updated, or deleted). */
  readonly ids: readonly string[];
  readonly problems: readonly FieldProblem[];
}

/** A create or update input, split into what it writes where. */
interface PreparedWrite {
  readonly path: string;
  readonly values: Values;
  readonly toMany: ReadonlyArray<readonly [RelationDefinition, RelationOps, string]>;
}

/**
 * The generated write path. Every mutation, nested and bulk included, is one
 * transaction: input checks for all items first, then the writes, each seen by
 * the mutation observers and checked against the query scopes; any problem
 * rolls everything back and is reported on its field path.
 */
export class MutationExecutor {
  private currentPath = 'input';
  /** The `afterWrite` events of the running transaction, for the observers' `beforeCommit`. */
  private written: MutationEvent[] = [];

  constructor(
    private readonly deps: ReadDeps,
    private readonly access: AccessContext,
    private readonly observers: readonly MutationObserver[],
  ) {}

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
      const ids: string[] = [];
      for (const write of prepared) ids.push(await this.insert(manager, model, write));
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
        const before = await this.findScoped(manager, model, 'update', item.id, `${paths[index]}.id`, true);
        // Row-level policies see the row as stored before it changes.
        if (before) await this.access.assertAllowed(model, 'update', item.id, before);
        if (before) befores.push(before);
        else
          missing.push(
            problem(
              `${idPath(paths[index])}`,
              RailErrorCode.NOT_FOUND,
              `${model.name} ${item.id} does not exist`,
            ),
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
        this.currentPath = paths[index]!;
        const before = await this.findScoped(manager, model, 'delete', id, paths[index], true);
        if (!before)
          throw new MutationRejected([
            problem(paths[index], RailErrorCode.NOT_FOUND, `${model.name} ${id} does not exist`),
          ]);
        await this.access.assertAllowed(model, 'delete', id, before);
        await this.remove(manager, model, before, 'delete');
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
      const entity = await this.findEntity(manager, model, action.name, id);
      if (!entity) {
        await this.access.rowNotFound(model, action.name, id);
        throw new MutationRejected([
          problem('id', RailErrorCode.NOT_FOUND, `${model.name} ${id} does not exist`),
        ]);
      }
      const before = this.record(model, entity);
      await this.access.assertAllowed(model, action.name, id, before);
      const method = (entity as Record<string, unknown>)[action.method];
      if (typeof method !== 'function') throw new Error(`${model.name}.${action.method} is not a method`);
      await (method as () => unknown).call(entity);
      const after = this.record(model, entity);
      const changed = Object.fromEntries(
        Object.entries(after).filter(([key, value]) => !sameValue(before[key], value)),
      );
      await this.notify('beforeWrite', model, action.name, id, before, after, manager);
      if (Object.keys(changed).length > 0)
        await manager.update(model.entity, { [model.primaryKey.property]: this.key(model, id) }, changed);
      await this.notify(
        'afterWrite',
        model,
        action.name,
        id,
        before,
        await this.reload(manager, model, id),
        manager,
      );
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
        this.written = [];
        const result = await work(manager);
        // Last thing inside the transaction: one statement per observer for the whole mutation (audit).
        for (const observer of this.observers) await observer.beforeCommit?.(this.written, manager);
        return result;
      });
      return { ok: true, ids, problems: [] };
    } catch (error) {
      if (error instanceof MutationRejected) return { ok: false, ids: [], problems: error.problems };
      const mapped = constraintProblem(error, this.deps.registry, this.currentPath);
      if (mapped) return { ok: false, ids: [], problems: [mapped] };
      throw error;
    }
  }

  /** Checks every item before anything is written, so that all problems are reported together. */
  private async prepareAll(
    manager: EntityManager,
    model: ModelDefinition,
    items: ReadonlyArray<readonly [Input, string]>,
    mode: 'create' | 'update',
    storedRows?: readonly Values[],
  ): Promise<PreparedWrite[]> {
    const problems: FieldProblem[] = [];
    const prepared: PreparedWrite[] = [];
    for (const [index, [input, path]] of items.entries()) {
      prepared.push(
        await this.prepare(manager, model, input, path, mode, problems, undefined, storedRows?.[index]),
      );
    }
    if (problems.length > 0) throw new MutationRejected(problems);
    return prepared;
  }

  private async prepare(
    manager: EntityManager,
    model: ModelDefinition,
    input: Input,
    path: string,
    mode: 'create' | 'update',
    problems: FieldProblem[],
    parentLink: string | undefined,
    stored?: Values,
  ): Promise<PreparedWrite> {
    // Field rules that look at the row see it as stored (update) or as given (create).
    const { rejected, stripped } = await this.access.writeDecision(
      model,
      Object.keys(input),
      stored ?? input,
    );
    if (rejected.size > 0) {
      throw new RailError(
        RailErrorCode.FORBIDDEN,
        `You may not write ${[...rejected].map((field) => `${model.name}.${field}`).join(', ')}`,
        { fields: [...rejected] },
      );
    }
    // Strip mode: the fields the principal may not write are left out; the rest is written.
    if (stripped.size > 0)
      input = Object.fromEntries(Object.entries(input).filter(([key]) => !stripped.has(key)));
    const values: Values = {};
    const toMany: Array<readonly [RelationDefinition, RelationOps, string]> = [];
    const linked = new Set<string>();
    for (const [key, value] of Object.entries(input)) {
      if (value === undefined) continue;
      const at = `${path}.${key}`;
      const relation = model.relations.get(key);
      if (relation?.cardinality === 'many') {
        if (value !== null) toMany.push([relation, value, at]);
        continue;
      }
      if (parentLink !== undefined && (key === parentLink || relation?.foreignKey === parentLink)) {
        problems.push(invalid(at, 'is set by the parent row of this nested write'));
        continue;
      }
      if (relation) {
        if (input[relation.foreignKey] !== undefined) {
          problems.push(invalid(at, `give either ${relation.property} or ${relation.foreignKey}, not both`));
          continue;
        }
        const connect = connectIdOf(value);
        await this.link(manager, model, relation, connect ?? null, `${at}.connect`, values, problems);
        linked.add(relation.foreignKey);
        continue;
      }
      const field = model.fields.get(key);
      if (!field?.writable) {
        problems.push(invalid(at, `is not writable`));
        continue;
      }
      const foreignKeyOf = [...model.relations.values()].find(
        (candidate) => candidate.foreignKey === key && candidate.cardinality === 'one',
      );
      if (foreignKeyOf) {
        await this.link(manager, model, foreignKeyOf, value as string | null, at, values, problems);
        linked.add(key);
        continue;
      }
      // TypeORM converts entity values for the driver itself; only keys need parsing here.
      values[key] = field.kind === 'id' ? idToDb(model, field, value, at) : value;
    }
    if (mode === 'create') await this.applyScopePresets(model, values, linked, path);
    if (parentLink) linked.add(parentLink);
    problems.push(...(await validateInput(this.deps.dataSource, model, values, mode, path, linked)));
    for (const [relation, ops, at] of toMany) {
      const target = this.deps.registry.get(relation.target);
      for (const [index, child] of (ops.create ?? []).entries()) {
        await this.prepare(
          manager,
          target,
          child,
          `${at}.create.${index}`,
          'create',
          problems,
          relation.foreignKey,
        );
      }
      const nullable = target.fields.get(relation.foreignKey)?.nullable ?? false;
      if (!nullable && ((ops.disconnect?.length ?? 0) > 0 || ops.set)) {
        problems.push(
          invalid(
            at,
            `${target.name}.${relation.foreignKey} is required, so rows cannot be unlinked; delete them instead`,
          ),
        );
      }
    }
    return { path, values, toMany };
  }

  /**
   * A scope that pins a field (`{ companyId: { eq: '1' } }`, a tenant) also
   * fills it in on create, so a client never has to send, nor may change, it.
   */
  private async applyScopePresets(
    model: ModelDefinition,
    values: Values,
    linked: Set<string>,
    path: string,
  ): Promise<void> {
    for (const condition of await this.access.scopeConditions(model, 'create')) {
      for (const [key, filter] of Object.entries(condition)) {
        const pinned = (filter as { eq?: unknown } | null)?.eq;
        const field = model.fields.get(key);
        if (pinned === undefined || pinned === null || !field || values[key] !== undefined) continue;
        values[key] = field.kind === 'id' ? idToDb(model, field, pinned, `${path}.${key}`) : pinned;
        linked.add(key);
      }
    }
    for (const preset of this.access.createPresets(model)) {
      const field = model.fields.get(preset.field);
      if (!field) continue;
      const at = `${path}.${preset.field}`;
      const own = field.kind === 'id' ? idToDb(model, field, preset.value, at) : preset.value;
      const given = values[preset.field];
      if (given === undefined || given === null) {
        values[preset.field] = own;
        linked.add(preset.field);
      } else if (given !== own && preset.otherValueNeeds !== null) {
        // The owner is the caller unless the caller may act on everyone's rows.
        throw new RailError(
          RailErrorCode.FORBIDDEN,
          `${at}: naming another ${preset.field} needs the permission ${preset.otherValueNeeds}`,
          { field: at, permission: preset.otherValueNeeds },
        );
      }
    }
  }

  /** Sets a to-one link after checking that the target row exists and is in scope. */
  private async link(
    manager: EntityManager,
    model: ModelDefinition,
    relation: RelationDefinition,
    id: string | null,
    path: string,
    values: Values,
    problems: FieldProblem[],
  ): Promise<void> {
    if (id === null) {
      if (!relation.nullable) problems.push(invalid(path, 'is required'));
      else values[relation.foreignKey] = null;
      return;
    }
    const target = this.deps.registry.get(relation.target);
    const found = await this.findScoped(manager, target, 'list', id, path, false);
    if (!found) {
      problems.push(problem(path, RailErrorCode.NOT_FOUND, `${target.name} ${id} does not exist`));
      return;
    }
    values[relation.foreignKey] = this.key(target, id);
  }

  private async insert(
    manager: EntityManager,
    model: ModelDefinition,
    write: PreparedWrite,
    parent?: { key: string; id: unknown },
  ): Promise<string> {
    this.currentPath = write.path;
    const values = parent ? { ...write.values, [parent.key]: parent.id } : write.values;
    await this.notify('beforeWrite', model, 'create', undefined, undefined, values, manager);
    const result = await manager.insert(model.entity, values);
    const id = String((result.identifiers[0] as Values | undefined)?.[model.primaryKey.property]);
    await this.writeChildren(manager, model, id, write);
    await this.assertInScope(manager, model, 'create', id, write.path);
    await this.notify(
      'afterWrite',
      model,
      'create',
      id,
      undefined,
      await this.reload(manager, model, id),
      manager,
    );
    return id;
  }

  private async change(
    manager: EntityManager,
    model: ModelDefinition,
    before: Values,
    write: PreparedWrite,
  ): Promise<void> {
    this.currentPath = write.path;
    const id = String(before[model.primaryKey.property]);
    await this.notify('beforeWrite', model, 'update', id, before, { ...before, ...write.values }, manager);
    if (Object.keys(write.values).length > 0) {
      await manager.update(model.entity, { [model.primaryKey.property]: this.key(model, id) }, write.values);
    }
    await this.writeChildren(manager, model, id, write);
    await this.assertInScope(manager, model, 'update', id, write.path);
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

  private async remove(
    manager: EntityManager,
    model: ModelDefinition,
    before: Values,
    operation: ModelOperation,
  ): Promise<void> {
    const id = String(before[model.primaryKey.property]);
    await this.notify('beforeWrite', model, operation, id, before, undefined, manager);
    await manager.delete(model.entity, { [model.primaryKey.property]: this.key(model, id) });
    await this.notify('afterWrite', model, operation, id, before, undefined, manager);
  }

  /** Nested to-many writes: create, connect, disconnect, set and delete related rows. */
  private async writeChildren(
    manager: EntityManager,
    model: ModelDefinition,
    parentId: string,
    write: PreparedWrite,
  ): Promise<void> {
    for (const [relation, ops, path] of write.toMany) {
      const target = this.deps.registry.get(relation.target);
      const parent = { key: relation.foreignKey, id: this.key(model, parentId) };
      const rowsOf = async (
        ids: readonly string[],
        operation: ModelOperation,
        at: string,
      ): Promise<Values[]> => {
        await this.access.assertAllowed(target, operation);
        const rows: Values[] = [];
        for (const [index, id] of ids.entries()) {
          const row = await this.findScoped(manager, target, operation, id, `${at}.${index}`, true);
          if (!row)
            throw new MutationRejected([
              problem(`${at}.${index}`, RailErrorCode.NOT_FOUND, `${target.name} ${id} does not exist`),
            ]);
          rows.push(row);
        }
        return rows;
      };
      if (ops.create?.length) {
        await this.access.assertAllowed(target, 'create');
        const problems: FieldProblem[] = [];
        for (const [index, child] of ops.create.entries()) {
          const prepared = await this.prepare(
            manager,
            target,
            child,
            `${path}.create.${index}`,
            'create',
            problems,
            relation.foreignKey,
          );
          if (problems.length > 0) throw new MutationRejected(problems);
          await this.insert(manager, target, prepared, parent);
        }
      }
      const linkTo = async (rows: Values[], value: unknown, at: string): Promise<void> => {
        for (const row of rows) {
          this.currentPath = at;
          const id = String(row[target.primaryKey.property]);
          await this.notify(
            'beforeWrite',
            target,
            'update',
            id,
            row,
            { ...row, [relation.foreignKey]: value },
            manager,
          );
          await manager.update(
            target.entity,
            { [target.primaryKey.property]: this.key(target, id) },
            { [relation.foreignKey]: value },
          );
          await this.notify(
            'afterWrite',
            target,
            'update',
            id,
            row,
            await this.reload(manager, target, id),
            manager,
          );
        }
      };
      if (ops.set) {
        const keep = new Set(ops.set);
        const current = await manager
          .createQueryBuilder(target.entity, 'linked')
          .select(`linked.${target.primaryKey.property}`, 'id')
          .where(`linked.${relation.foreignKey} = :parent`, { parent: parent.id })
          .getRawMany<{ id: string | number }>();
        const unlink = current.map((row) => String(row.id)).filter((id) => !keep.has(id));
        await linkTo(await rowsOf(unlink, 'update', `${path}.set`), null, `${path}.set`);
        await linkTo(await rowsOf(ops.set, 'update', `${path}.set`), parent.id, `${path}.set`);
      }
      if (ops.connect?.length)
        await linkTo(await rowsOf(ops.connect, 'update', `${path}.connect`), parent.id, `${path}.connect`);
      if (ops.disconnect?.length) {
        const rows = await rowsOf(ops.disconnect, 'update', `${path}.disconnect`);
        await linkTo(
          rows.filter((row) => String(row[relation.foreignKey]) === parentId),
          null,
          `${path}.disconnect`,
        );
      }
      if (ops.delete?.length) {
        const rows = await rowsOf(ops.delete, 'delete', `${path}.delete`);
        for (const [index, row] of rows.entries()) {
          if (String(row[relation.foreignKey]) !== parentId) {
            throw new MutationRejected([
              invalid(
                `${path}.delete.${index}`,
                `${target.name} ${String(row[target.primaryKey.property])} is not linked to this ${model.name}`,
              ),
            ]);
          }
          this.currentPath = `${path}.delete.${index}`;
          await this.remove(manager, target, row, 'delete');
        }
      }
    }
  }

  /** A write must leave the row inside the caller's scope (no moving rows to another tenant). */
  private async assertInScope(
    manager: EntityManager,
    model: ModelDefinition,
    operation: ModelOperation,
    id: string,
    path: string,
  ): Promise<void> {
    if ((await this.access.scopeConditions(model, operation)).length === 0) return;
    if (!(await this.findScoped(manager, model, operation, id, path, false, false))) {
      throw new RailError(
        RailErrorCode.FORBIDDEN,
        `${path}: the written ${model.name} would be outside what you may ${operation}`,
      );
    }
  }

  /** The row with this id if it is inside the scope for `operation`, as a plain record. */
  private async findScoped(
    manager: EntityManager,
    model: ModelDefinition,
    operation: ModelOperation,
    id: string,
    path: string,
    lock: boolean,
    reportMiss = true,
  ): Promise<Values | null> {
    const entity = await this.findEntity(manager, model, operation, id, path, lock);
    if (!entity && reportMiss) await this.access.rowNotFound(model, operation, id);
    return entity ? this.record(model, entity) : null;
  }

  private async findEntity(
    manager: EntityManager,
    model: ModelDefinition,
    operation: ModelOperation,
    id: string,
    path = 'id',
    lock = true,
  ): Promise<object | null> {
    const params = new SqlParameters();
    const compiler = new WhereCompiler({ ...this.deps, access: this.access }, params, 'm');
    const alias = 'm0';
    const scope = await compiler.scope(model, alias, operation);
    const key = params.add(idToDb(model, model.primaryKey, id, path));
    const column = `${this.deps.dialect.escape(alias)}.${this.deps.dialect.escape(model.primaryKey.column.databaseName)}`;
    const query = manager
      .createQueryBuilder(model.entity, alias)
      .where(`${column} = ${key} AND (${scope})`, params.values);
    // Rows about to change are locked, so concurrent writes (a status machine) cannot interleave.
    if (lock && this.deps.dataSource.options.type === 'postgres') query.setLock('pessimistic_write');
    return await query.getOne();
  }

  /** The row as written, for observers; without observers nobody needs it, so it is not read. */
  private async reload(
    manager: EntityManager,
    model: ModelDefinition,
    id: string,
  ): Promise<Values | undefined> {
    if (this.observers.length === 0) return undefined;
    const entity = await manager.findOne(model.entity, {
      where: { [model.primaryKey.property]: this.key(model, id) },
    });
    return entity ? this.record(model, entity) : undefined;
  }

  private record(model: ModelDefinition, entity: object): Values {
    const source = entity as Values;
    return Object.fromEntries([...model.fields.keys()].map((property) => [property, source[property]]));
  }

  private key(model: ModelDefinition, id: string): number | string {
    return idToDb(model, model.primaryKey, id, 'id');
  }

  private async notify(
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
}

/** Where a bulk or single update names its id: `id`, or `inputs.3.id` for `inputs.3.data`. */
function idPath(path: string): string {
  return path === 'input' ? 'id' : `${path.replace(/\.data$/, '')}.id`;
}

function sameValue(left: unknown, right: unknown): boolean {
  if (left instanceof Date && right instanceof Date) return left.getTime() === right.getTime();
  return left === right;
}

/** The id of a to-one `{ connect }` input; null unlinks. */
function connectIdOf(value: unknown): string | null {
  const connect = (value as { connect?: unknown } | null)?.connect;
  return typeof connect === 'string' ? connect : null;
}
