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
import type { ReadSelection, ToManySelection } from './read-selection.js';
import { idToDb } from './db-values.js';
import type { SqlDialect } from './sql-dialect.js';
import { SqlParameters } from './sql-parameters.js';
import { WhereCompiler } from './where.compiler.js';

type WhereInput = Readonly<Record<string, unknown>>;
type OrderInput = ReadonlyArray<Readonly<Record<string, unknown>>>;

export interface ReadDeps {
  readonly dataSource: DataSource;
  readonly dialect: SqlDialect;
  readonly registry: ModelRegistry;
  readonly options: ResolvedSchemaOptions;
}

export interface ListArgs {
  readonly where?: WhereInput | null;
  readonly orderBy?: OrderInput | null;
  readonly offset?: number | null;
  readonly limit?: number | null;
}

/** How one model node of a statement maps back from its result columns. */
interface NodePlan {
  readonly model: ModelDefinition;
  readonly primaryKeyColumn: string;
  readonly columns: ReadonlyArray<readonly [property: string, resultColumn: string]>;
  /** Columns read only to decide per-row field access; never shown. */
  readonly inputs: ReadonlyArray<readonly [property: string, resultColumn: string]>;
  readonly toOne: ReadonlyArray<readonly [alias: string, plan: NodePlan]>;
  readonly toMany: readonly ToManySelection[];
}

/** One SELECT under construction: columns, joins and parameters. */
export class Statement {
  readonly params = new SqlParameters();
  readonly where: WhereCompiler;
  readonly columns: string[] = [];
  readonly joins: string[] = [];
  private aliasCount = 0;

  constructor(
    private readonly deps: ReadDeps,
    readonly access: AccessContext,
  ) {
    this.where = new WhereCompiler({ ...deps, access }, this.params, 'x');
  }

  alias(): string {
    return `t${this.aliasCount++}`;
  }

  column(alias: string, field: FieldDefinition): string {
    return `${this.deps.dialect.escape(alias)}.${this.deps.dialect.escape(field.column.databaseName)}`;
  }

  select(expression: string): string {
    const name = `c${this.columns.length}`;
    this.columns.push(`${expression} AS ${this.deps.dialect.escape(name)}`);
    return name;
  }

  table(model: ModelDefinition, alias: string): string {
    return `${this.deps.dialect.escape(model.metadata.tableName)} ${this.deps.dialect.escape(alias)}`;
  }

  /** Adds a model's columns, and LEFT JOINs its to-one relations (scoped), recursively. */
  async node(selection: ReadSelection, alias: string): Promise<NodePlan> {
    const { model } = selection;
    const primaryKeyColumn = this.select(this.column(alias, model.primaryKey));
    const columns = selection.scalars.map(
      (property) => [property, this.select(this.column(alias, model.fields.get(property)!))] as const,
    );
    // Per-row field decisions read other fields of the row (an owner): load those too, unshown.
    const access = await this.access.readAccess(model);
    const shown = new Set(selection.scalars);
    const decisionInputs = new Set<string>();
    for (const property of selection.scalars) {
      const rule = access.get(property);
      if (rule?.visibility === 'per-row')
        for (const input of rule.requires) if (!shown.has(input)) decisionInputs.add(input);
    }
    const inputs = [...decisionInputs]
      .filter((property) => model.fields.has(property))
      .map((property) => [property, this.select(this.column(alias, model.fields.get(property)!))] as const);
    const toOne: Array<readonly [string, NodePlan]> = [];
    for (const child of selection.toOne) {
      const target = child.selection.model;
      await this.access.assertAllowed(target, 'list');
      const joined = this.alias();
      const link = `${this.column(joined, target.primaryKey)} = ${this.column(alias, model.fields.get(child.relation.foreignKey)!)}`;
      const scope = await this.where.scope(target, joined);
      this.joins.push(`LEFT JOIN ${this.table(target, joined)} ON ${link} AND (${scope})`);
      toOne.push([child.alias, await this.node(child.selection, joined)]);
    }
    return { model, primaryKeyColumn, columns, inputs, toOne, toMany: selection.toMany };
  }

  /** ORDER BY terms: the client's (or the model's default), then the primary key. */
  async orderBy(
    model: ModelDefinition,
    alias: string,
    orderBy: OrderInput | null | undefined,
    path: string,
  ): Promise<string[]> {
    const terms: string[] = [];
    const entries: ReadonlyArray<Readonly<Record<string, unknown>>> =
      orderBy && orderBy.length > 0
        ? orderBy
        : model.defaultOrder.map(([property, direction]) => ({ [property]: direction }));
    for (const [index, entry] of entries.entries()) {
      await this.orderTerm(model, alias, entry, `${path}.${index}`, terms, false);
    }
    terms.push(`${this.column(alias, model.primaryKey)} ASC`);
    return terms;
  }

  private async orderTerm(
    model: ModelDefinition,
    alias: string,
    entry: Readonly<Record<string, unknown>>,
    path: string,
    terms: string[],
    /** Reached through a LEFT JOIN, where even a NOT NULL column can come back NULL. */
    throughJoin: boolean,
  ): Promise<void> {
    const keys = Object.entries(entry).filter(([, value]) => value !== undefined && value !== null);
    if (keys.length !== 1) {
      throw new RailError(
        RailErrorCode.BAD_USER_INPUT,
        `${path} must set exactly one field; use one list entry per sort key`,
      );
    }
    const [key, value] = keys[0];
    const field = model.fields.get(key);
    if (field) {
      if (!field.orderable)
        throw new RailError(
          RailErrorCode.BAD_USER_INPUT,
          `${path}.${key}: ${model.name} cannot be ordered by ${key}`,
        );
      await this.access.assertReadableInClear(model, key, 'order');
      const direction = value === 'DESC' ? 'DESC' : 'ASC';
      // The same NULL placement on every database: last when ascending, first when descending. A column
      // that cannot be NULL gets no NULLS clause, so that SQLite (whose default placement is the other one)
      // can still walk an index in order instead of sorting every row.
      const nulls =
        field.nullable || throughJoin ? (direction === 'DESC' ? ' NULLS FIRST' : ' NULLS LAST') : '';
      terms.push(`${this.column(alias, field)} ${direction}${nulls}`);
      return;
    }
    const relation = model.relations.get(key);
    if (!relation || relation.cardinality !== 'one') {
      throw new RailError(
        RailErrorCode.BAD_USER_INPUT,
        `${path}.${key}: ${model.name} cannot be ordered by ${key}`,
      );
    }
    const target = this.deps.registry.get(relation.target);
    await this.access.assertAllowed(target, 'list');
    const joined = this.alias();
    const link = `${this.column(joined, target.primaryKey)} = ${this.column(alias, model.fields.get(relation.foreignKey)!)}`;
    this.joins.push(
      `LEFT JOIN ${this.table(target, joined)} ON ${link} AND (${await this.where.scope(target, joined)})`,
    );
    await this.orderTerm(
      target,
      joined,
      value as Readonly<Record<string, unknown>>,
      `${path}.${key}`,
      terms,
      true,
    );
  }

  async run(sql: string): Promise<Record<string, unknown>[]> {
    const [query, parameters] = this.deps.dataSource.driver.escapeQueryWithParameters(
      sql,
      this.params.values,
    );
    return this.deps.dataSource.query<Record<string, unknown>[]>(query, parameters);
  }
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
    const { statement, plan, sql } = await this.prepare(selection, args, operation);
    const raw = await statement.run(`${sql} LIMIT ${limit} OFFSET ${offset}`);
    const rows = await Promise.all(raw.map((record) => this.hydrate(plan, record)));
    await this.loadToMany(
      plan,
      rows.filter((row): row is Row => row !== null),
    );
    return rows.filter((row): row is Row => row !== null);
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

  private async prepare(selection: ReadSelection, args: ListArgs, operation: 'list' | 'retrieve' | 'export') {
    const { model } = selection;
    await this.access.assertAllowed(model, operation);
    const statement = new Statement(this.deps, this.access);
    const root = statement.alias();
    const plan = await statement.node(selection, root);
    // A retrieve is scoped as a read; an export by the export permission's own scope.
    const where = await statement.where.forClient(
      model,
      root,
      args.where,
      'where',
      operation === 'export' ? 'export' : 'list',
    );
    const order = await statement.orderBy(model, root, args.orderBy, 'orderBy');
    const sql = `SELECT ${statement.columns.join(', ')} FROM ${statement.table(model, root)} ${statement.joins.join(' ')} WHERE ${where} ORDER BY ${order.join(', ')}`;
    return { statement, plan, sql };
  }

  async count(model: ModelDefinition, where: WhereInput | null | undefined): Promise<number> {
    await this.access.assertAllowed(model, 'list');
    const statement = new Statement(this.deps, this.access);
    const root = statement.alias();
    const condition = await statement.where.forClient(model, root, where, 'where');
    const [result] = await statement.run(
      `SELECT COUNT(*) AS ${this.deps.dialect.escape('n')} FROM ${statement.table(model, root)} WHERE ${condition}`,
    );
    return Number(result?.n ?? 0);
  }

  /** Builds the row objects of one node (and its joined to-one nodes) from a result row. */
  private async hydrate(plan: NodePlan, record: Record<string, unknown>): Promise<Row | null> {
    const primaryKey = record[plan.primaryKeyColumn];
    if (primaryKey === null || primaryKey === undefined) return null;
    const access = await this.access.readAccess(plan.model);
    const row: Row = { [plan.model.primaryKey.property]: idString(primaryKey) };
    let stored: Record<string, unknown> | undefined;
    const storedRow = (): Record<string, unknown> =>
      (stored ??= Object.fromEntries(
        [...plan.columns, ...plan.inputs].map(([property, column]) => [
          property,
          this.fromDb(plan.model.fields.get(property)!, record[column]),
        ]),
      ));
    for (const [property, column] of plan.columns) {
      const field = plan.model.fields.get(property)!;
      const value = this.fromDb(field, record[column]);
      const policy = access.get(property);
      const rule = policy?.visibility === 'per-row' ? policy.decide(storedRow()) : policy;
      if (!rule || rule.visibility === 'visible') {
        row[property] = value;
      } else {
        // Marked whether or not there is a value, so that the mark tells nothing about it.
        markWithheld(row, property, rule.visibility);
        row[property] = rule.visibility === 'hidden' || value === null ? null : rule.mask(value);
      }
    }
    for (const [alias, child] of plan.toOne) setRelationValue(row, alias, await this.hydrate(child, record));
    return row;
  }

  private fromDb(field: FieldDefinition, raw: unknown): unknown {
    if (raw === null || raw === undefined) return null;
    if (field.kind === 'id') return idString(raw);
    return this.deps.dataSource.driver.prepareHydratedValue(raw, field.column);
  }

  /** One statement per to-many relation and level, with the per-parent limit applied per parent. */
  private async loadToMany(plan: NodePlan, rows: Row[]): Promise<void> {
    if (rows.length === 0) return;
    const primaryKey = plan.model.primaryKey.property;
    for (const child of plan.toMany) {
      const parentIds = rows.map((row) => row[primaryKey]);
      const children = await this.readChildren(
        child,
        parentIds.map((id) => idToDb(plan.model, plan.model.primaryKey, id, child.alias)),
      );
      for (const row of rows) setRelationValue(row, child.alias, children.get(String(row[primaryKey])) ?? []);
    }
    for (const [alias, childPlan] of plan.toOne) {
      const related = rows
        .map((row) => relationValue(row, alias))
        .filter((value): value is Row => value !== null && value !== undefined);
      await this.loadToMany(childPlan, related);
    }
  }

  private async readChildren(
    child: ToManySelection,
    parentIds: readonly unknown[],
  ): Promise<Map<string, Row[]>> {
    const target = child.selection.model;
    await this.access.assertAllowed(target, 'list');
    const { limit } = this.validatePaging(
      0,
      child.args.limit ?? this.deps.options.maxPageSize,
      `${child.alias}.limit`,
    );
    const grouped = new Map<string, Row[]>();
    if (limit === 0) return grouped;
    const statement = new Statement(this.deps, this.access);
    const alias = statement.alias();
    const foreignKey = target.fields.get(child.relation.foreignKey)!;
    const parentColumn = statement.select(statement.column(alias, foreignKey));
    const plan = await statement.node(child.selection, alias);
    const where = await statement.where.forClient(target, alias, child.args.where, `${child.alias}.where`);
    const order = await statement.orderBy(target, alias, child.args.orderBy, `${child.alias}.orderBy`);
    const rank = this.deps.dialect.escape('rn');
    statement.columns.push(
      `ROW_NUMBER() OVER (PARTITION BY ${statement.column(alias, foreignKey)} ORDER BY ${order.join(', ')}) AS ${rank}`,
    );
    const inner = `SELECT ${statement.columns.join(', ')} FROM ${statement.table(target, alias)} ${statement.joins.join(' ')} WHERE ${statement.column(alias, foreignKey)} IN ${statement.params.addList(parentIds)} AND (${where})`;
    const ranked = this.deps.dialect.escape('ranked');
    const raw = await statement.run(
      `SELECT * FROM (${inner}) ${ranked} WHERE ${ranked}.${rank} <= ${limit} ORDER BY ${ranked}.${rank}`,
    );
    const rows: Row[] = [];
    for (const record of raw) {
      const row = await this.hydrate(plan, record);
      if (!row) continue;
      rows.push(row);
      const parent = String(record[parentColumn]);
      const list = grouped.get(parent) ?? [];
      list.push(row);
      grouped.set(parent, list);
    }
    await this.loadToMany(plan, rows);
    return grouped;
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
