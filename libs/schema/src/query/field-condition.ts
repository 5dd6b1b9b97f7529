import type { FieldDefinition, ModelDefinition } from '@rail/core';
import type { DataSource } from 'typeorm';
import type { ResolvedSchemaOptions } from '../rail-schema.options.js';
import { valueToDb } from './db-values.js';
import { checkedOperand } from './filter-operands.js';
import { and, badInput, FALSE, TRUE, tooComplex } from './sql-conditions.js';
import { escapeLike, type SqlDialect } from './sql-dialect.js';
import type { SqlParameters } from './sql-parameters.js';

type WhereInput = Readonly<Record<string, unknown>>;

/** What a field condition is compiled with: the statement's parameters and the filter's condition count. */
export interface FieldConditionContext {
  readonly dataSource: DataSource;
  readonly dialect: SqlDialect;
  readonly options: ResolvedSchemaOptions;
  readonly params: SqlParameters;
  column(alias: string, field: FieldDefinition): string;
  /** Counts one condition against the filter's limit. */
  count(): void;
}

/** The operators of one field's filter (`{ gte: 1, lt: 5 }`) as one SQL condition. */
export function fieldCondition(
  context: FieldConditionContext,
  model: ModelDefinition,
  alias: string,
  field: FieldDefinition,
  filter: WhereInput,
  path: string,
  trusted: boolean,
): string {
  const column =
    field.kind === 'datetime'
      ? context.dialect.timestamp(context.column(alias, field))
      : context.column(alias, field);
  const value = (raw: unknown, at: string): string =>
    context.params.add(valueToDb(context.dataSource, model, field, raw, at));
  const checkedList = (raw: unknown, at: string): unknown[] => {
    const values = raw as unknown[];
    if (!trusted && values.length > context.options.maxFilterListSize) {
      throw tooComplex(
        `${at} lists ${values.length} values; at most ${context.options.maxFilterListSize} are allowed`,
      );
    }
    return values;
  };
  const list = (raw: unknown, at: string): unknown[] =>
    checkedList(raw, at).map((item, index) =>
      valueToDb(context.dataSource, model, field, item, `${at}.${index}`),
    );
  const parts: string[] = [];
  for (const [operator, given] of Object.entries(filter)) {
    const at = `${path}.${operator}`;
    if (given === undefined) continue;
    if (given === null) throw badInput(`${at} is null; use isNull for null checks`);
    const operand = trusted ? given : checkedOperand(field, operator, given, at);
    if (!trusted) context.count();
    if (field.kind === 'datetime') {
      const condition = instantCondition(column, operator, operand, at, value, checkedList);
      if (condition !== undefined) {
        parts.push(condition);
        continue;
      }
    }
    switch (operator) {
      case 'eq':
        parts.push(`${column} = ${value(operand, at)}`);
        break;
      case 'neq':
        parts.push(`${column} <> ${value(operand, at)}`);
        break;
      case 'gt':
        parts.push(`${column} > ${value(operand, at)}`);
        break;
      case 'gte':
        parts.push(`${column} >= ${value(operand, at)}`);
        break;
      case 'lt':
        parts.push(`${column} < ${value(operand, at)}`);
        break;
      case 'lte':
        parts.push(`${column} <= ${value(operand, at)}`);
        break;
      case 'in': {
        const values = list(operand, at);
        parts.push(values.length === 0 ? FALSE : `${column} IN ${context.params.addList(values)}`);
        break;
      }
      case 'notIn': {
        const values = list(operand, at);
        parts.push(values.length === 0 ? TRUE : `${column} NOT IN ${context.params.addList(values)}`);
        break;
      }
      case 'between': {
        const range = operand as { from: unknown; to: unknown };
        parts.push(`${column} BETWEEN ${value(range.from, `${at}.from`)} AND ${value(range.to, `${at}.to`)}`);
        break;
      }
      case 'isNull':
        parts.push(operand ? `${column} IS NULL` : `${column} IS NOT NULL`);
        break;
      case 'contains':
        parts.push(context.dialect.contains(column, context.params.add(text(operand))));
        break;
      case 'startsWith':
        parts.push(context.dialect.startsWith(column, context.params.add(text(operand))));
        break;
      case 'endsWith':
        parts.push(context.dialect.endsWith(column, context.params.add(text(operand))));
        break;
      case 'icontains':
        parts.push(like(context, column, `%${escapeLike(text(operand).toLowerCase())}%`));
        break;
      case 'istartsWith':
        parts.push(like(context, column, `${escapeLike(text(operand).toLowerCase())}%`));
        break;
      case 'iendsWith':
        parts.push(like(context, column, `%${escapeLike(text(operand).toLowerCase())}`));
        break;
      default:
        throw badInput(`${at} is not an operator`);
    }
  }
  return and(parts);
}

function like(context: FieldConditionContext, column: string, pattern: string): string {
  return `LOWER(${column}) LIKE ${context.params.add(pattern)} ESCAPE '\\'`;
}

/** The instant one millisecond after a timestamp operand (a Date from GraphQL, or a scope's value). */
function nextMillisecond(operand: unknown): Date {
  return new Date(new Date(operand as string | number | Date).getTime() + 1);
}

/**
 * Timestamps compare at the millisecond precision the API shows: a value the
 * database set (PostgreSQL's now() keeps microseconds) still equals the
 * timestamp a client read from the API. Written as ranges, so that an index on
 * the column still serves them; gte and lt need no change.
 */
function instantCondition(
  column: string,
  operator: string,
  operand: unknown,
  at: string,
  value: (raw: unknown, at: string) => string,
  checkedList: (raw: unknown, at: string) => unknown[],
): string | undefined {
  const within = (instant: unknown, path: string): string =>
    `(${column} >= ${value(instant, path)} AND ${column} < ${value(nextMillisecond(instant), path)})`;
  switch (operator) {
    case 'eq':
      return within(operand, at);
    case 'neq':
      return `(${column} < ${value(operand, at)} OR ${column} >= ${value(nextMillisecond(operand), at)})`;
    case 'gt':
      return `${column} >= ${value(nextMillisecond(operand), at)}`;
    case 'lte':
      return `${column} < ${value(nextMillisecond(operand), at)}`;
    case 'between': {
      const range = operand as { from: unknown; to: unknown };
      return `(${column} >= ${value(range.from, `${at}.from`)} AND ${column} < ${value(nextMillisecond(range.to), `${at}.to`)})`;
    }
    case 'in':
    case 'notIn': {
      const ranges = checkedList(operand, at).map((instant, index) => within(instant, `${at}.${index}`));
      if (ranges.length === 0) return operator === 'in' ? FALSE : TRUE;
      const any = `(${ranges.join(' OR ')})`;
      return operator === 'in' ? any : `NOT ${any}`;
    }
    default:
      return undefined;
  }
}

/** A text operand; GraphQL has already checked it is a string. */
function text(operand: unknown): string {
  return typeof operand === 'string' ? operand : JSON.stringify(operand);
}
