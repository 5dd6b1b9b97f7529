import {
  type FieldDefinition,
  type FieldReadAccess,
  type ModelDefinition,
  RailError,
  RailErrorCode,
} from '@rail/core';
import type { AccessContext } from './access-context.js';
import type { ReadDeps } from './read.executor.js';
import type { FilterOperands } from './filter-tree.js';
import type { ReadSelection } from './read-selection.js';
import { SqlParameters } from './sql-parameters.js';
import { WhereCompiler } from './where.compiler.js';

type OrderInput = ReadonlyArray<Readonly<Record<string, unknown>>>;

/** How one model node of a statement maps back from its result columns. */
export interface NodePlan {
  readonly model: ModelDefinition;
  readonly primaryKeyColumn: string;
  readonly columns: ReadonlyArray<readonly [property: string, resultColumn: string]>;
  /** Columns read only to decide per-row field access; never shown. */
  readonly inputs: ReadonlyArray<readonly [property: string, resultColumn: string]>;
  readonly toOne: ReadonlyArray<readonly [alias: string, plan: NodePlan]>;
  /** How each field reaches the caller, decided while planning. */
  readonly access: ReadonlyMap<string, FieldReadAccess>;
  /** Each shown column with its field and its rule, looked up once per plan rather than per row. */
  readonly readers: readonly ColumnReader[];
}

export interface ColumnReader {
  readonly property: string;
  readonly resultColumn: string;
  readonly field: FieldDefinition;
  /** Undefined when the field is shown as it is. */
  readonly rule: FieldReadAccess | undefined;
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
    this.where = new WhereCompiler({ ...deps, decisions: access.decisions }, this.params, 'x');
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
  node(selection: ReadSelection, alias: string): NodePlan {
    const { model } = selection;
    const primaryKeyColumn = this.select(this.column(alias, model.primaryKey));
    const columns = selection.scalars.map(
      (property) => [property, this.select(this.column(alias, model.fields.get(property)!))] as const,
    );
    // Per-row field decisions read other fields of the row (an owner): load those too, unshown.
    const access = this.access.decisions.readAccess(model);
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
      this.access.decisions.assertAllowed(target, 'list');
      const joined = this.alias();
      const link = `${this.column(joined, target.primaryKey)} = ${this.column(alias, model.fields.get(child.relation.foreignKey)!)}`;
      const scope = this.where.scope(target, joined);
      this.joins.push(`LEFT JOIN ${this.table(target, joined)} ON ${link} AND (${scope})`);
      toOne.push([child.alias, this.node(child.selection, joined)]);
    }
    const readers = columns.map(([property, resultColumn]) => ({
      property,
      resultColumn,
      field: model.fields.get(property)!,
      rule: access.get(property),
    }));
    return { model, primaryKeyColumn, columns, inputs, toOne, access, readers };
  }

  /** ORDER BY terms: the client's (or the model's default), then the primary key. */
  orderBy(
    model: ModelDefinition,
    alias: string,
    orderBy: OrderInput | null | undefined,
    path: string,
  ): string[] {
    const terms: string[] = [];
    const entries: ReadonlyArray<Readonly<Record<string, unknown>>> =
      orderBy && orderBy.length > 0
        ? orderBy
        : model.defaultOrder.map(([property, direction]) => ({ [property]: direction }));
    for (const [index, entry] of entries.entries()) {
      this.orderTerm(model, alias, entry, `${path}.${index}`, terms, false);
    }
    terms.push(`${this.column(alias, model.primaryKey)} ASC`);
    return terms;
  }

  private orderTerm(
    model: ModelDefinition,
    alias: string,
    entry: Readonly<Record<string, unknown>>,
    path: string,
    terms: string[],
    /** Reached through a LEFT JOIN, where even a NOT NULL column can come back NULL. */
    throughJoin: boolean,
  ): void {
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
      this.access.decisions.assertReadableInClear(model, key, 'order');
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
    this.access.decisions.assertAllowed(target, 'list');
    const joined = this.alias();
    const link = `${this.column(joined, target.primaryKey)} = ${this.column(alias, model.fields.get(relation.foreignKey)!)}`;
    this.joins.push(
      `LEFT JOIN ${this.table(target, joined)} ON ${link} AND (${this.where.scope(target, joined)})`,
    );
    this.orderTerm(target, joined, value as Readonly<Record<string, unknown>>, `${path}.${key}`, terms, true);
  }

  /**
   * Runs the statement's SQL with the request's filter values (by default those it was compiled from)
   * and late-bound ones, such as the parents of a batch.
   */
  run(
    sql: string,
    operands?: FilterOperands,
    late: Readonly<Record<string, unknown>> = {},
  ): Promise<Record<string, unknown>[]> {
    return runSql(this.deps, sql, { ...this.params.bind(operands), ...late });
  }
}

export function runSql(
  deps: ReadDeps,
  sql: string,
  values: Readonly<Record<string, unknown>>,
): Promise<Record<string, unknown>[]> {
  const [query, parameters] = deps.dataSource.driver.escapeQueryWithParameters(sql, { ...values });
  return deps.dataSource.query<Record<string, unknown>[]>(query, parameters);
}
