import {
  type FieldDefinition,
  markWithheld,
  type ModelDefinition,
  type ModelRegistry,
  RailError,
  RailErrorCode,
  relationValue,
  type Row,
  setRelationValue,
} from '@rail/core';
import type { DataSource } from 'typeorm';
import type { ResolvedSchemaOptions } from '../rail-schema.options.js';
import type { AccessContext } from './access-context.js';
import { planned } from './access-decisions.js';
import type { ReadSelection, ToManySelection } from './read-selection.js';
import { idToDb } from './db-values.js';
import type { SqlDialect } from './sql-dialect.js';
import { parseWhere } from './filter-parser.js';
import type { ParsedFilter } from './filter-tree.js';
import { readPlanKey, type ReadPlanCache } from './read-plan-cache.js';
import { Statement, type NodePlan } from './statement.js';

type WhereInput = Readonly<Record<string, unknown>>;
type OrderInput = ReadonlyArray<Readonly<Record<string, unknown>>>;

export interface ReadDeps {
  readonly dataSource: DataSource;
  readonly dialect: SqlDialect;
  readonly registry: ModelRegistry;
  readonly options: ResolvedSchemaOptions;
  /** Compiled reads shared by the requests of one principal shape; without it every read is planned afresh. */
  readonly plans?: ReadPlanCache;
}

export interface ListArgs {
  readonly where?: WhereInput | null;
  readonly orderBy?: OrderInput | null;
  readonly offset?: number | null;
  readonly limit?: number | null;
}

/**
 * The generated read path: one SQL statement for a list with all its to-one
 * relations joined, plus one batched statement per to-many level, reading
 * only the selected columns as raw rows.
 */
export class ReadExecutor {
  constructor(
    private readonly deps: ReadDeps,
    private readonly access: AccessContext,
  ) {}

  validatePaging(
    offset: number | null | undefined,
    limit: number | null | undefined,
    limitName = 'limit',
    max = this.deps.options.maxPageSize,
  ): { offset: number; limit: number } {
    const safeOffset = offset ?? 0;
    const safeLimit = limit ?? Math.min(20, max);
    if (safeOffset < 0)
      throw new RailError(RailErrorCode.BAD_USER_INPUT, `offset must be 0 or more, received ${safeOffset}`);
    if (safeLimit < 0 || safeLimit > max) {
      throw new RailError(
        RailErrorCode.BAD_USER_INPUT,
        `${limitName} must be between 0 and ${max}, received ${safeLimit}`,
      );
    }
    return { offset: safeOffset, limit: safeLimit };
  }

  /**
   * @param maxLimit a larger batch for server-side readers (exports) than
   * the page size clients may ask for.
   */
  async list(
    selection: ReadSelection,
    args: ListArgs,
    operation: 'list' | 'retrieve' | 'export' = 'list',
    maxLimit = this.deps.options.maxPageSize,
  ): Promise<Row[]> {
    const { offset, limit } = this.validatePaging(args.offset, args.limit, 'limit', maxLimit);
    if (limit === 0) {
      await this.access.assertAllowed(selection.model, operation);
      return [];
    }
    const { statement, plan, sql, operands } = await this.prepare(selection, args, operation);
    const raw = await statement.run(`${sql} LIMIT ${limit} OFFSET ${offset}`, operands);
    const rows = raw.map((record) => this.hydrate(plan, record)).filter((row): row is Row => row !== null);
    await this.loadToMany(plan, selection, rows);
    return rows;
  }

  /**
   * Everything a read checks before it runs (authorization, fields, filter,
   * ordering), without running it: a background reader (an export task)
   * refuses bad input while the client is still there to hear it.
   */
  async check(
    selection: ReadSelection,
    args: ListArgs,
    operation: 'list' | 'export' = 'list',
  ): Promise<void> {
    await this.prepare(selection, args, operation);
  }

  /**
   * Plans the read: the filter is parsed, the decisions it needs are asked (once), then the SQL is
   * compiled synchronously, or taken from the plan cache when a read of the same shape was compiled.
   */
  private async prepare(selection: ReadSelection, args: ListArgs, operation: 'list' | 'retrieve' | 'export') {
    const where = parseWhere(this.deps, selection.model, args.where, 'where');
    const key = { where: where?.shape ?? null, orderBy: args.orderBy ?? null };
    const compiled = await this.cached(operation, selection, key, () =>
      planned(() => this.compile(selection, where, args.orderBy, operation)),
    );
    return { ...compiled, operands: where?.operands };
  }

  /** A compiled read from the plan cache, or compiled now (and kept there). */
  private cached<T>(
    kind: string,
    selection: ReadSelection | string,
    args: unknown,
    compile: () => Promise<T>,
  ) {
    if (!this.deps.plans) return compile();
    return this.deps.plans.get(readPlanKey(this.access.principal, kind, selection, args), compile);
  }

  private compile(
    selection: ReadSelection,
    filter: ParsedFilter | undefined,
    orderBy: OrderInput | null | undefined,
    operation: 'list' | 'retrieve' | 'export',
  ) {
    const { model } = selection;
    this.access.decisions.assertAllowed(model, operation);
    const statement = new Statement(this.deps, this.access);
    const root = statement.alias();
    const plan = statement.node(selection, root);
    // A retrieve is scoped as a read; an export by the export permission's own scope.
    const where = statement.where.forClient(model, root, filter, operation === 'export' ? 'export' : 'list');
    const order = statement.orderBy(model, root, orderBy, 'orderBy');
    const sql = `SELECT ${statement.columns.join(', ')} FROM ${statement.table(model, root)} ${statement.joins.join(' ')} WHERE ${where} ORDER BY ${order.join(', ')}`;
    return { statement, plan, sql };
  }

  async count(model: ModelDefinition, where: WhereInput | null | undefined): Promise<number> {
    const filter = parseWhere(this.deps, model, where, 'where');
    const { statement, sql } = await this.cached(`count`, model.name, filter?.shape ?? null, () =>
      planned(() => {
        this.access.decisions.assertAllowed(model, 'list');
        const statement = new Statement(this.deps, this.access);
        const root = statement.alias();
        const condition = statement.where.forClient(model, root, filter);
        return {
          statement,
          sql: `SELECT COUNT(*) AS ${this.deps.dialect.escape('n')} FROM ${statement.table(model, root)} WHERE ${condition}`,
        };
      }),
    );
    const [result] = await statement.run(sql, filter?.operands);
    return Number(result?.n ?? 0);
  }

  /** Builds the row objects of one node (and its joined to-one nodes) from a result row. */
  private hydrate(plan: NodePlan, record: Record<string, unknown>): Row | null {
    const primaryKey = record[plan.primaryKeyColumn];
    if (primaryKey === null || primaryKey === undefined) return null;
    const row: Row = { [plan.model.primaryKey.property]: idString(primaryKey) };
    let stored: Record<string, unknown> | undefined;
    const storedRow = (): Record<string, unknown> =>
      (stored ??= Object.fromEntries(
        [...plan.columns, ...plan.inputs].map(([property, column]) => [
          property,
          this.fromDb(plan.model.fields.get(property)!, record[column]),
        ]),
      ));
    for (const { property, resultColumn, field, rule: policy } of plan.readers) {
      const value = this.fromDb(field, record[resultColumn]);
      const rule = policy?.visibility === 'per-row' ? policy.decide(storedRow()) : policy;
      if (!rule || rule.visibility === 'visible') {
        row[property] = value;
      } else {
        // Marked whether or not there is a value, so that the mark tells nothing about it.
        markWithheld(row, property, rule.visibility);
        row[property] = rule.visibility === 'hidden' || value === null ? null : rule.mask(value);
      }
    }
    for (const [alias, child] of plan.toOne) setRelationValue(row, alias, this.hydrate(child, record));
    return row;
  }

  private fromDb(field: FieldDefinition, raw: unknown): unknown {
    if (raw === null || raw === undefined) return null;
    if (field.kind === 'id') return idString(raw);
    return this.deps.dataSource.driver.prepareHydratedValue(raw, field.column);
  }

  /**
   * One statement per to-many relation and level, with the per-parent limit applied per parent. The
   * relations and their arguments are this request's (`selection`); the plan may be a cached one.
   */
  private async loadToMany(plan: NodePlan, selection: ReadSelection, rows: Row[]): Promise<void> {
    if (rows.length === 0) return;
    const primaryKey = plan.model.primaryKey.property;
    for (const child of selection.toMany) {
      const parentIds = rows.map((row) => row[primaryKey]);
      const children = await this.readChildren(
        child,
        parentIds.map((id) => idToDb(plan.model, plan.model.primaryKey, id, child.alias)),
      );
      for (const row of rows) setRelationValue(row, child.alias, children.get(String(row[primaryKey])) ?? []);
    }
    for (const [index, [alias, childPlan]] of plan.toOne.entries()) {
      const related = rows
        .map((row) => relationValue(row, alias))
        .filter((value): value is Row => value !== null && value !== undefined);
      await this.loadToMany(childPlan, selection.toOne[index].selection, related);
    }
  }

  private async readChildren(
    child: ToManySelection,
    parentIds: readonly unknown[],
  ): Promise<Map<string, Row[]>> {
    const { limit } = this.validatePaging(
      0,
      child.args.limit ?? this.deps.options.maxPageSize,
      `${child.alias}.limit`,
    );
    const grouped = new Map<string, Row[]>();
    if (limit === 0) {
      await this.access.assertAllowed(child.selection.model, 'list');
      return grouped;
    }
    const filter = parseWhere(this.deps, child.selection.model, child.args.where, `${child.alias}.where`);
    const key = { alias: child.alias, where: filter?.shape ?? null, orderBy: child.args.orderBy ?? null };
    const { statement, plan, parentColumn, sql } = await this.cached(
      `children:${child.relation.property}`,
      child.selection,
      key,
      () => planned(() => this.compileChildren(child, filter)),
    );
    const raw = await statement.run(sql, filter?.operands, { parents: parentIds, perParent: limit });
    const rows: Row[] = [];
    for (const record of raw) {
      const row = this.hydrate(plan, record);
      if (!row) continue;
      rows.push(row);
      const parent = String(record[parentColumn]);
      const list = grouped.get(parent) ?? [];
      list.push(row);
      grouped.set(parent, list);
    }
    await this.loadToMany(plan, child.selection, rows);
    return grouped;
  }

  /** The children of many parents in one statement, ranked per parent for the per-parent limit. */
  private compileChildren(child: ToManySelection, filter: ParsedFilter | undefined) {
    const target = child.selection.model;
    this.access.decisions.assertAllowed(target, 'list');
    const statement = new Statement(this.deps, this.access);
    const alias = statement.alias();
    const foreignKey = target.fields.get(child.relation.foreignKey)!;
    const parentColumn = statement.select(statement.column(alias, foreignKey));
    const plan = statement.node(child.selection, alias);
    const where = statement.where.forClient(target, alias, filter);
    const order = statement.orderBy(target, alias, child.args.orderBy, `${child.alias}.orderBy`);
    const rank = this.deps.dialect.escape('rn');
    statement.columns.push(
      `ROW_NUMBER() OVER (PARTITION BY ${statement.column(alias, foreignKey)} ORDER BY ${order.join(', ')}) AS ${rank}`,
    );
    const inner = `SELECT ${statement.columns.join(', ')} FROM ${statement.table(target, alias)} ${statement.joins.join(' ')} WHERE ${statement.column(alias, foreignKey)} IN (:...parents) AND (${where})`;
    const ranked = this.deps.dialect.escape('ranked');
    const sql = `SELECT * FROM (${inner}) ${ranked} WHERE ${ranked}.${rank} <= :perParent ORDER BY ${ranked}.${rank}`;
    return { statement, plan, parentColumn, sql };
  }
}

/** A key as GraphQL shows it: drivers return integers or (bigint) strings. */
function idString(value: unknown): string {
  return typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'bigint'
      ? value.toString()
      : JSON.stringify(value);
}
