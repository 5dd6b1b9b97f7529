import { type ModelDefinition, type ModelOperation, RailErrorCode } from '@rail/core';
import type { EntityManager } from 'typeorm';
import type { AccessContext } from '../query/access-context.js';
import type { ReadDeps } from '../query/read.executor.js';
import { invalid, MutationRejected, problem } from './field-errors.js';
import { keyOf, type RowLookup } from './row-lookup.js';
import type { RowWriter } from './row-writer.js';
import type { PreparedToMany, Values } from './write-types.js';

/**
 * The to-many operations on existing rows of a nested write: `connect`,
 * `disconnect`, `set` and `delete` rows of the relation, each row found in
 * the caller's scope for the operation and locked, each change seen by the
 * observers.
 */
export class NestedLinks {
  constructor(
    private readonly deps: ReadDeps,
    private readonly access: AccessContext,
    private readonly lookup: RowLookup,
    private readonly writer: RowWriter,
  ) {}

  async apply(
    manager: EntityManager,
    model: ModelDefinition,
    parentId: string,
    toMany: PreparedToMany,
  ): Promise<void> {
    const { relation, ops, path } = toMany;
    const target = this.deps.registry.get(relation.target);
    const parentKey = keyOf(model, parentId);
    const rowsOf = async (
      ids: readonly string[],
      operation: ModelOperation,
      at: string,
    ): Promise<Values[]> => {
      await this.access.assertAllowed(target, operation);
      const rows: Values[] = [];
      for (const [index, id] of ids.entries()) {
        const row = await this.lookup.findScoped(manager, target, operation, id, `${at}.${index}`, true);
        if (!row)
          throw new MutationRejected([
            problem(`${at}.${index}`, RailErrorCode.NOT_FOUND, `${target.name} ${id} does not exist`),
          ]);
        rows.push(row);
      }
      return rows;
    };
    const linkTo = async (rows: Values[], value: unknown, at: string): Promise<void> => {
      for (const row of rows) {
        this.writer.currentPath = at;
        const id = String(row[target.primaryKey.property]);
        await this.writer.update(manager, target, id, row, { [relation.foreignKey]: value });
        await this.writer.updated(manager, target, id, row);
      }
    };
    if (ops.set) {
      const keep = new Set(ops.set);
      const current = await manager
        .createQueryBuilder(target.entity, 'linked')
        .select(`linked.${target.primaryKey.property}`, 'id')
        .where(`linked.${relation.foreignKey} = :parent`, { parent: parentKey })
        .getRawMany<{ id: string | number }>();
      const unlink = current.map((row) => String(row.id)).filter((id) => !keep.has(id));
      await linkTo(await rowsOf(unlink, 'update', `${path}.set`), null, `${path}.set`);
      await linkTo(await rowsOf(ops.set, 'update', `${path}.set`), parentKey, `${path}.set`);
    }
    if (ops.connect?.length)
      await linkTo(await rowsOf(ops.connect, 'update', `${path}.connect`), parentKey, `${path}.connect`);
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
        this.writer.currentPath = `${path}.delete.${index}`;
        await this.writer.remove(manager, target, row, 'delete');
      }
    }
  }
}
