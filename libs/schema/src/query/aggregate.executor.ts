import {
  type AggregateMetric,
  type AggregateQuery,
  type AggregateResult,
  type FieldDefinition,
  type ModelDefinition,
  RailError,
  RailErrorCode,
} from '@rail/core';
import type { AccessContext } from './access-context.js';
import { planned } from './access-decisions.js';
import { scaleOf, typeOf, valueOf, type Column } from './aggregate-values.js';
import { parseWhere } from './filter-parser.js';
import type { ParsedFilter } from './filter-tree.js';
import { readPlanKey } from './read-plan-cache.js';
import type { ReadDeps } from './read.executor.js';
import { Statement } from './statement.js';

/**
 * One aggregate statement: GROUP BY the dimensions, the metrics over each
 * group, under the same rules as a list (authorization of every model
 * touched, tenant and row scopes in the WHERE and in each join, and fields
 * readable in clear only). Values from the caller are bound parameters.
 */
export class AggregateExecutor {
  constructor(
    private readonly deps: ReadDeps,
    private readonly access: AccessContext,
  ) {}

  async run(model: ModelDefinition, query: AggregateQuery): Promise<AggregateResult> {
    if (query.dimensions.length + query.metrics.length === 0) {
      throw new RailError(RailErrorCode.BAD_USER_INPUT, 'A report needs at least one dimension or metric');
    }
    const where = parseWhere(this.deps, model, query.where, 'where');
    const filter = parseWhere(this.deps, model, query.filter, 'filter');
    const { statement, sql, columns } = await this.cached(model, query, where, filter);
    const raw = await statement.run(sql, new Map([...(where?.operands ?? []), ...(filter?.operands ?? [])]));
    if (query.limit === undefined || query.limit === null) {
      if (raw.length > query.maxBuckets) {
        throw new RailError(
          RailErrorCode.BAD_USER_INPUT,
          `The report has more than ${query.maxBuckets} buckets: use coarser dimensions, a narrower filter, or a limit`,
          { maxBuckets: query.maxBuckets },
        );
      }
    }
    return {
      columns: columns.map(({ name, type }) => ({ name, type })),
      rows: raw.map((record) => columns.map((column, index) => valueOf(record[`c${index}`], column))),
    };
  }

  /** The compiled statement of a report of this shape (its filters' values apart), or compiled now. */
  private cached(
    model: ModelDefinition,
    query: AggregateQuery,
    where: ParsedFilter | undefined,
    filter: ParsedFilter | undefined,
  ) {
    const compile = () => planned(() => this.compile(model, query, where, filter));
    if (!this.deps.plans) return compile();
    const shape = { ...query, where: where?.shape ?? null, filter: filter?.shape ?? null };
    return this.deps.plans.get(readPlanKey(this.access.principal, 'aggregate', model.name, shape), compile);
  }

  /** The statement, compiled synchronously from the plan's settled decisions. */
  private compile(
    model: ModelDefinition,
    query: AggregateQuery,
    where: ParsedFilter | undefined,
    filter: ParsedFilter | undefined,
  ) {
    this.access.decisions.assertAllowed(model, 'list');
    const statement = new Statement(this.deps, this.access);
    const root = statement.alias();
    const joins = new Map<string, { alias: string; model: ModelDefinition }>();
    const columns: Column[] = [];
    const expressions: string[] = [];
    const resolve = (path: string, usage: string) => this.resolve(statement, model, root, joins, path, usage);

    for (const dimension of query.dimensions) {
      const { column, field } = resolve(dimension.path, `dimension ${dimension.name}`);
      const transform = dimension.transform;
      if (transform === undefined) {
        expressions.push(column);
        columns.push({ name: dimension.name, ...typeOf(field) });
      } else if (typeof transform === 'string') {
        if (field.kind !== 'datetime' && field.kind !== 'date') throw notDate(dimension.name);
        expressions.push(this.deps.dialect.truncate(column, transform));
        columns.push({ name: dimension.name, type: 'date' });
      } else {
        if (!['int', 'float', 'decimal'].includes(field.kind) || !(transform.bucket > 0))
          throw notNumber(dimension.name);
        // A literal from the dataset's definition (a checked number), not from the caller.
        const size = Number(transform.bucket);
        expressions.push(`FLOOR(${column} / ${size}) * ${size}`);
        columns.push({ name: dimension.name, type: Number.isInteger(size) ? 'int' : 'float' });
      }
    }
    for (const metric of query.metrics) {
      const { expression, column } = this.metric(metric, resolve);
      expressions.push(expression);
      columns.push(column);
    }

    const select = expressions.map(
      (expression, index) => `${expression} AS ${this.deps.dialect.escape(`c${index}`)}`,
    );
    // The caller's where apart from the dataset's filter, so that a problem in it is named where.createdAt.gte.
    const clientWhere = statement.where.forClient(model, root, where);
    const condition = filter
      ? `(${clientWhere}) AND (${statement.where.condition(root, filter)})`
      : clientWhere;
    const groupBy = query.dimensions.map((_, index) => String(index + 1));
    const order = (query.orderBy ?? []).map((term, index) => {
      const position = columns.findIndex((column) => column.name === term.name);
      if (position < 0) {
        throw new RailError(
          RailErrorCode.BAD_USER_INPUT,
          `orderBy.${index}: no column named ${JSON.stringify(term.name)}`,
          {
            field: `orderBy.${index}`,
          },
        );
      }
      return `${position + 1} ${term.direction === 'DESC' ? 'DESC NULLS FIRST' : 'ASC NULLS LAST'}`;
    });
    // Every dimension breaks ties, so the same data gives the same order on both databases.
    for (const position of groupBy)
      if (!order.some((term) => term.startsWith(`${position} `))) order.push(`${position} ASC NULLS LAST`);
    if (
      query.limit !== undefined &&
      query.limit !== null &&
      (query.limit < 1 || query.limit > query.maxBuckets)
    ) {
      throw new RailError(
        RailErrorCode.BAD_USER_INPUT,
        `limit must be between 1 and ${query.maxBuckets}, received ${query.limit}`,
        { field: 'limit' },
      );
    }
    const limit = query.limit ?? query.maxBuckets + 1;
    const sql = [
      `SELECT ${select.join(', ')} FROM ${statement.table(model, root)} ${statement.joins.join(' ')}`,
      `WHERE ${condition}`,
      groupBy.length > 0 ? `GROUP BY ${groupBy.join(', ')}` : '',
      order.length > 0 ? `ORDER BY ${order.join(', ')}` : '',
      `LIMIT ${limit}`,
    ].join(' ');
    return { statement, sql, columns };
  }

  private metric(
    metric: AggregateMetric,
    resolve: (path: string, usage: string) => { column: string; field: FieldDefinition },
  ): { expression: string; column: Column } {
    const usage = `metric ${metric.name}`;
    if (metric.fn === 'count') return { expression: 'COUNT(*)', column: { name: metric.name, type: 'int' } };
    if (!metric.path)
      throw new RailError(RailErrorCode.BAD_USER_INPUT, `${usage}: ${metric.fn} needs a field`);
    const { column, field } = resolve(metric.path, usage);
    if (metric.fn === 'countDistinct')
      return { expression: `COUNT(DISTINCT ${column})`, column: { name: metric.name, type: 'int' } };
    if (metric.fn === 'min' || metric.fn === 'max') {
      return {
        expression: `${metric.fn.toUpperCase()}(${column})`,
        column: { name: metric.name, ...typeOf(field) },
      };
    }
    if (!['int', 'float', 'decimal'].includes(field.kind)) throw notNumber(metric.name);
    let operand = column;
    let scale = field.kind === 'decimal' ? scaleOf(field) : field.kind === 'int' ? 0 : undefined;
    if (metric.times) {
      const other = resolve(metric.times, usage);
      if (!['int', 'float', 'decimal'].includes(other.field.kind)) throw notNumber(metric.name);
      operand = `(${column} * ${other.column})`;
      const otherScale =
        other.field.kind === 'decimal' ? scaleOf(other.field) : other.field.kind === 'int' ? 0 : undefined;
      scale = scale === undefined || otherScale === undefined ? undefined : scale + otherScale;
    }
    if (metric.fn === 'percentile') {
      const fraction = metric.fraction ?? 0.5;
      if (!(fraction >= 0 && fraction <= 1)) {
        throw new RailError(
          RailErrorCode.BAD_USER_INPUT,
          `${usage}: the percentile fraction must be between 0 and 1`,
        );
      }
      const expression = this.deps.dialect.percentile(operand, fraction);
      if (!expression) {
        throw new RailError(
          RailErrorCode.BAD_USER_INPUT,
          `${usage}: percentile needs PostgreSQL; the embedded database has no percentile aggregate`,
          { unsupported: 'percentile' },
        );
      }
      return { expression, column: { name: metric.name, type: 'float' } };
    }
    if (metric.fn === 'avg') {
      const places = (scale ?? 2) + 2;
      return {
        expression: `ROUND(AVG(${operand}), ${places})`,
        column: { name: metric.name, type: 'decimal', scale: places },
      };
    }
    // sum
    if (scale === 0) return { expression: `SUM(${operand})`, column: { name: metric.name, type: 'int' } };
    if (scale === undefined)
      return { expression: `SUM(${operand})`, column: { name: metric.name, type: 'float' } };
    return {
      expression: `ROUND(SUM(${operand}), ${scale})`,
      column: { name: metric.name, type: 'decimal', scale },
    };
  }

  /** A path's column, joining (scoped, authorized) the to-one relations it goes through. */
  private resolve(
    statement: Statement,
    model: ModelDefinition,
    root: string,
    joins: Map<string, { alias: string; model: ModelDefinition }>,
    path: string,
    usage: string,
  ): { column: string; field: FieldDefinition } {
    const segments = path.split('.');
    let owner = model;
    let alias = root;
    let prefix = '';
    for (const segment of segments.slice(0, -1)) {
      const relation = owner.relations.get(segment);
      if (!relation || relation.cardinality !== 'one') throw unknown(usage, model, path);
      prefix = prefix ? `${prefix}.${segment}` : segment;
      let join = joins.get(prefix);
      if (!join) {
        const target = this.deps.registry.get(relation.target);
        this.access.decisions.assertAllowed(target, 'list');
        const joined = statement.alias();
        const link = `${statement.column(joined, target.primaryKey)} = ${statement.column(alias, owner.fields.get(relation.foreignKey)!)}`;
        statement.joins.push(
          `LEFT JOIN ${statement.table(target, joined)} ON ${link} AND (${statement.where.scope(target, joined)})`,
        );
        join = { alias: joined, model: target };
        joins.set(prefix, join);
      }
      owner = join.model;
      alias = join.alias;
    }
    const field = owner.fields.get(segments.at(-1)!);
    if (!field?.readable) throw unknown(usage, model, path);
    // Grouping or summing a field shows it: only a field the caller reads in clear.
    this.access.decisions.assertReadableInClear(owner, field.property, 'aggregate');
    return { column: statement.column(alias, field), field };
  }
}

function unknown(usage: string, model: ModelDefinition, path: string): RailError {
  return new RailError(
    RailErrorCode.BAD_USER_INPUT,
    `${usage}: ${model.name} has no field ${JSON.stringify(path)}`,
  );
}

function notDate(name: string): RailError {
  return new RailError(
    RailErrorCode.BAD_USER_INPUT,
    `dimension ${name}: only dates can be truncated to a unit`,
  );
}

function notNumber(name: string): RailError {
  return new RailError(RailErrorCode.BAD_USER_INPUT, `${name}: only numbers can be bucketed or summed`);
}
