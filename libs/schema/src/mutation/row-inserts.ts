import type { ModelDefinition } from '@rail/core';
import { In, type EntityManager } from 'typeorm';
import type { ReadDeps } from '../query/read.executor.js';
import { keyOf, record } from './row-lookup.js';
import type { Values, WrittenRow } from './write-types.js';

/**
 * Inserts the rows of one model and parent. Where the database returns what
 * it stored (PostgreSQL's RETURNING) they go in one multi-row INSERT and
 * nothing is read back; elsewhere each row gets its key from its own INSERT
 * and the batch is read back in one SELECT.
 *
 * A constraint error in a multi-row INSERT cannot say which row broke it, so
 * the insert marks itself `imprecise`; the executor then runs the rolled-back
 * mutation once more with `oneRowPerStatement`, only to name the input at fault.
 */
export class RowInserts {
  imprecise = false;
  oneRowPerStatement = false;

  constructor(private readonly deps: ReadDeps) {}

  /** The rows as stored, in input order; `at(index)` is told which row goes next. */
  async insert(
    manager: EntityManager,
    model: ModelDefinition,
    rows: readonly Values[],
    at: (index: number) => void,
  ): Promise<WrittenRow[]> {
    if (!this.deps.dataSource.driver.isReturningSqlSupported('insert'))
      return this.oneByOne(manager, model, rows, at);
    if (!this.oneRowPerStatement) {
      at(0);
      return this.returning(manager, model, rows);
    }
    const written: WrittenRow[] = [];
    for (const [index, row] of rows.entries()) {
      at(index);
      written.push(...(await this.returning(manager, model, [row])));
    }
    return written;
  }

  private async returning(manager: EntityManager, model: ModelDefinition, rows: readonly Values[]) {
    const driver = this.deps.dataSource.driver;
    let raw: Values[];
    try {
      const result = await manager
        .createQueryBuilder()
        .insert()
        .into(model.entity)
        .values([...rows])
        .returning('*')
        .updateEntity(false)
        .execute();
      raw = result.raw as Values[];
    } catch (error) {
      if (rows.length > 1) this.imprecise = true;
      throw error;
    }
    return raw.map((stored): WrittenRow => {
      const after = Object.fromEntries(
        [...model.fields.values()].map((field) => [
          field.property,
          driver.prepareHydratedValue(stored[field.column.databaseName], field.column),
        ]),
      );
      return { id: String(after[model.primaryKey.property]), after };
    });
  }

  private async oneByOne(
    manager: EntityManager,
    model: ModelDefinition,
    rows: readonly Values[],
    at: (index: number) => void,
  ): Promise<WrittenRow[]> {
    const ids: string[] = [];
    for (const [index, values] of rows.entries()) {
      at(index);
      const result = await manager.insert(model.entity, values);
      ids.push(String((result.identifiers[0] as Values | undefined)?.[model.primaryKey.property]));
    }
    const stored = await manager.find(model.entity, {
      where: { [model.primaryKey.property]: In(ids.map((id) => keyOf(model, id))) },
    });
    const byId = new Map(stored.map((entity) => [String(entity[model.primaryKey.property]), entity]));
    return ids.map((id) => {
      const entity = byId.get(id);
      return { id, after: entity ? record(model, entity) : undefined };
    });
  }
}
