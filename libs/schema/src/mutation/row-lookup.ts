import type { ModelDefinition, ModelOperation } from '@rail/core';
import type { EntityManager } from 'typeorm';
import type { AccessContext } from '../query/access-context.js';
import { planned } from '../query/access-decisions.js';
import { idToDb } from '../query/db-values.js';
import type { ReadDeps } from '../query/read.executor.js';
import { SqlParameters } from '../query/sql-parameters.js';
import { WhereCompiler } from '../query/where.compiler.js';
import type { Values } from './write-types.js';

/** Rows a write reads inside its transaction, always through the caller's scope for the operation. */
export class RowLookup {
  constructor(
    private readonly deps: ReadDeps,
    private readonly access: AccessContext,
  ) {}

  /** The row with this id if it is inside the scope for `operation`, as a plain record. */
  async findScoped(
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
    return entity ? record(model, entity) : null;
  }

  async findEntity(
    manager: EntityManager,
    model: ModelDefinition,
    operation: ModelOperation,
    id: string,
    path = 'id',
    lock = true,
  ): Promise<object | null> {
    const alias = 'm0';
    const column = this.keyColumn(model, alias);
    const { condition, params } = await planned(() => {
      const params = new SqlParameters();
      const scope = this.compiler(params).scope(model, alias, operation);
      const key = params.add(idToDb(model, model.primaryKey, id, path));
      return { condition: `${column} = ${key} AND (${scope})`, params };
    });
    const query = manager.createQueryBuilder(model.entity, alias).where(condition, params.values);
    // Rows about to change are locked, so concurrent writes (a status machine) cannot interleave.
    if (lock && this.deps.dataSource.options.type === 'postgres') query.setLock('pessimistic_write');
    return await query.getOne();
  }

  private compiler(params: SqlParameters): WhereCompiler {
    return new WhereCompiler({ ...this.deps, decisions: this.access.decisions }, params, 'm');
  }

  private keyColumn(model: ModelDefinition, alias: string): string {
    return `${this.deps.dialect.escape(alias)}.${this.deps.dialect.escape(model.primaryKey.column.databaseName)}`;
  }

  /** The ids among `ids` whose rows are inside the scope for `operation`: one statement for all. */
  async inScope(
    manager: EntityManager,
    model: ModelDefinition,
    operation: ModelOperation,
    ids: readonly string[],
  ): Promise<Set<string>> {
    const alias = 'm0';
    const column = this.keyColumn(model, alias);
    const { condition, params } = await planned(() => {
      const params = new SqlParameters();
      const scope = this.compiler(params).scope(model, alias, operation);
      const keys = params.addList(ids.map((id) => idToDb(model, model.primaryKey, id, 'id')));
      return { condition: `${column} IN ${keys} AND (${scope})`, params };
    });
    const rows = await manager
      .createQueryBuilder(model.entity, alias)
      .select(column, 'id')
      .where(condition, params.values)
      .getRawMany<{ id: unknown }>();
    return new Set(rows.map((row) => String(row.id)));
  }
}

/** An entity's fields as a plain record, the form observers and policies see. */
export function record(model: ModelDefinition, entity: object): Values {
  const source = entity as Values;
  return Object.fromEntries([...model.fields.keys()].map((property) => [property, source[property]]));
}

export function keyOf(model: ModelDefinition, id: string): number | string {
  return idToDb(model, model.primaryKey, id, 'id');
}
