import type { FieldDefinition, ModelDefinition } from '@rail/core';
import type { DataSource } from 'typeorm';
import { valueToDb } from './db-values.js';
import type { FieldTest } from './filter-tree.js';
import { and, FALSE, TRUE } from './sql-conditions.js';
import { escapeLike, type SqlDialect } from './sql-dialect.js';

/**
 * How a compiled condition reaches its values: a client filter's become slots
 * bound per request, a scope's constants of the plan. `derive` turns the
 * operand found under `path` into the parameter's value.
 */
export interface OperandBinder {
  value(path: string, derive: (operand: unknown) => unknown): string;
  list(path: string, derive: (operand: unknown) => readonly unknown[]): string;
}

/** What a field condition is compiled with. */
export interface FieldConditionContext {
  readonly dataSource: DataSource;
  readonly dialect: SqlDialect;
  column(alias: string, field: FieldDefinition): string;
}

/** The tests of one field's filter (`{ gte: 1, lt: 5 }`) as one SQL condition. */
export function fieldCondition(
  context: FieldConditionContext,
  model: ModelDefinition,
  alias: string,
  field: FieldDefinition,
  tests: readonly FieldTest[],
  binder: OperandBinder,
): string {
  const toDb = (raw: unknown, at: string): unknown => valueToDb(context.dataSource, model, field, raw, at);
  const value: Value = (path, pick = (operand) => operand, errorPath = path) =>
    binder.value(path, (operand) => toDb(pick(operand), errorPath));
  if (field.kind === 'datetime') {
    const column = context.dialect.timestamp(context.column(alias, field));
    return and(
      tests.map(
        (test) =>
          instantCondition(column, test, value) ?? plainCondition(context, column, test, binder, value, toDb),
      ),
    );
  }
  const column = context.column(alias, field);
  return and(tests.map((test) => plainCondition(context, column, test, binder, value, toDb)));
}

/** A parameter from the operand under `path`, or from the part of it `pick` takes. */
type Value = (path: string, pick?: (operand: unknown) => unknown, errorPath?: string) => string;

function plainCondition(
  context: FieldConditionContext,
  column: string,
  test: FieldTest,
  binder: OperandBinder,
  value: Value,
  toDb: (raw: unknown, at: string) => unknown,
): string {
  const text = (path: string, pattern: (text: string) => string): string =>
    binder.value(path, (operand) => pattern(textOf(operand)));
  switch (test.operator) {
    case 'eq':
      return `${column} = ${value(test.path)}`;
    case 'neq':
      return `${column} <> ${value(test.path)}`;
    case 'gt':
      return `${column} > ${value(test.path)}`;
    case 'gte':
      return `${column} >= ${value(test.path)}`;
    case 'lt':
      return `${column} < ${value(test.path)}`;
    case 'lte':
      return `${column} <= ${value(test.path)}`;
    case 'in':
    case 'notIn': {
      if (test.size === 0) return test.operator === 'in' ? FALSE : TRUE;
      const list = binder.list(test.path, (operand) =>
        (operand as unknown[]).map((item, index) => toDb(item, `${test.path}.${index}`)),
      );
      return `${column} ${test.operator === 'in' ? 'IN' : 'NOT IN'} ${list}`;
    }
    case 'between':
      return `${column} BETWEEN ${value(test.path, from, `${test.path}.from`)} AND ${value(test.path, to, `${test.path}.to`)}`;
    case 'isNull':
      return test.isNull ? `${column} IS NULL` : `${column} IS NOT NULL`;
    case 'contains':
      return context.dialect.contains(
        column,
        text(test.path, (operand) => operand),
      );
    case 'startsWith':
      return context.dialect.startsWith(
        column,
        text(test.path, (operand) => operand),
      );
    case 'endsWith':
      return context.dialect.endsWith(
        column,
        text(test.path, (operand) => operand),
      );
    case 'icontains':
      return like(
        column,
        text(test.path, (operand) => `%${escapeLike(operand.toLowerCase())}%`),
      );
    case 'istartsWith':
      return like(
        column,
        text(test.path, (operand) => `${escapeLike(operand.toLowerCase())}%`),
      );
    case 'iendsWith':
      return like(
        column,
        text(test.path, (operand) => `%${escapeLike(operand.toLowerCase())}`),
      );
  }
}

function like(column: string, pattern: string): string {
  return `LOWER(${column}) LIKE ${pattern} ESCAPE '\\'`;
}

const from = (operand: unknown): unknown => (operand as { from: unknown }).from;
const to = (operand: unknown): unknown => (operand as { to: unknown }).to;

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
function instantCondition(column: string, test: FieldTest, value: Value): string | undefined {
  const after = (pick: (operand: unknown) => unknown) => (operand: unknown) => nextMillisecond(pick(operand));
  const same = (operand: unknown): unknown => operand;
  const within = (path: string, pick: (operand: unknown) => unknown): string =>
    `(${column} >= ${value(path, pick)} AND ${column} < ${value(path, after(pick))})`;
  switch (test.operator) {
    case 'eq':
      return within(test.path, same);
    case 'neq':
      return `(${column} < ${value(test.path)} OR ${column} >= ${value(test.path, after(same))})`;
    case 'gt':
      return `${column} >= ${value(test.path, after(same))}`;
    case 'lte':
      return `${column} < ${value(test.path, after(same))}`;
    case 'between':
      return `(${column} >= ${value(test.path, from)} AND ${column} < ${value(test.path, after(to))})`;
    case 'in':
    case 'notIn': {
      if (test.size === 0) return test.operator === 'in' ? FALSE : TRUE;
      const ranges = Array.from({ length: test.size }, (_, index) =>
        within(test.path, (operand) => (operand as unknown[])[index]),
      );
      const any = `(${ranges.join(' OR ')})`;
      return test.operator === 'in' ? any : `NOT ${any}`;
    }
    default:
      return undefined;
  }
}

/** A text operand; GraphQL has already checked it is a string. */
function textOf(operand: unknown): string {
  return typeof operand === 'string' ? operand : JSON.stringify(operand);
}
