import {
  type FieldDefinition,
  type FieldKind,
  parseCalendarDate,
  parseInstant,
  RailError,
  RailErrorCode,
} from '@rail/core';
import { isDecimalText } from '../graphql/decimal.scalar.js';

const EQUALITY = ['eq', 'neq', 'in', 'notIn', 'isNull'];
const ORDERED = [...EQUALITY, 'gt', 'gte', 'lt', 'lte', 'between'];
const TEXT = [...EQUALITY, 'contains', 'icontains', 'startsWith', 'istartsWith', 'endsWith', 'iendsWith'];

/**
 * The operators of each kind's filter input (shared-types.ts): a JSON filter may use no others.
 * Ids also compare in order: exports page by key with `id > last` through the same filters.
 */
const operatorsByKind: Readonly<Record<FieldKind, ReadonlySet<string>>> = {
  id: new Set([...EQUALITY, 'gt', 'gte', 'lt', 'lte']),
  string: new Set(TEXT),
  int: new Set(ORDERED),
  float: new Set(ORDERED),
  decimal: new Set(ORDERED),
  datetime: new Set(ORDERED),
  date: new Set(ORDERED),
  boolean: new Set(['eq', 'isNull']),
  enum: new Set(EQUALITY),
  json: new Set(),
};

/** A bigint column is a `string` field (JavaScript numbers cannot hold it) but compares as a number. */
function holdsBigint(field: FieldDefinition): boolean {
  const type = field.column.type;
  return typeof type === 'string' && ['bigint', 'int8'].includes(type.toLowerCase());
}
const BIGINT_OPERATORS: ReadonlySet<string> = new Set(ORDERED);
const BIGINT_TEXT = /^-?\d{1,18}$/;

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

export function badFilterInput(path: string, message: string): RailError {
  return new RailError(RailErrorCode.BAD_USER_INPUT, `${path} ${message}`, { field: path });
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * One value of a field, as the field's GraphQL scalar would have parsed it:
 * typed `where` arguments arrive parsed already, JSON ones (`report(where:)`,
 * exports) do not, and both reach SQL through here. Timestamps become Dates.
 */
function scalarValue(field: FieldDefinition, value: unknown, path: string): unknown {
  const refuse = (expected: string): never => {
    throw badFilterInput(path, `must be ${expected}; received ${JSON.stringify(value) ?? String(value)}`);
  };
  switch (field.kind) {
    case 'id':
      return typeof value === 'string' || Number.isSafeInteger(value) ? value : refuse('an id');
    case 'string':
      if (holdsBigint(field))
        return typeof value === 'string' && BIGINT_TEXT.test(value) ? value : refuse('an integer as digits');
      return typeof value === 'string' ? value : refuse('a string');
    case 'int':
      return Number.isInteger(value) && (value as number) >= INT_MIN && (value as number) <= INT_MAX
        ? value
        : refuse('a 32-bit integer');
    case 'float':
      return typeof value === 'number' && Number.isFinite(value) ? value : refuse('a finite number');
    case 'decimal':
      return typeof value === 'string' && isDecimalText(value)
        ? value
        : refuse('a decimal string such as "12.30"');
    case 'boolean':
      return typeof value === 'boolean' ? value : refuse('true or false');
    case 'datetime': {
      if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
      return (typeof value === 'string' ? parseInstant(value) : undefined) ?? refuse('an RFC 3339 date-time');
    }
    case 'date':
      return (
        (typeof value === 'string' ? parseCalendarDate(value) : undefined) ?? refuse('a date as YYYY-MM-DD')
      );
    case 'enum':
      return typeof value === 'string' && (field.enumValues ?? []).includes(value)
        ? value
        : refuse(`one of ${(field.enumValues ?? []).join(', ')}`);
    default:
      return refuse('a value this field can be compared with');
  }
}

/**
 * A client's operand for `operator` on `field`, checked against what the
 * field's filter input allows: a known operator, values of the field's type,
 * lists for `in`/`notIn`, `{ from, to }` for `between`, a boolean for
 * `isNull`. Refusals are BAD_USER_INPUT naming the path (`where.createdAt.gte`).
 */
export function checkedOperand(
  field: FieldDefinition,
  operator: string,
  operand: unknown,
  path: string,
): unknown {
  const operators = holdsBigint(field) ? BIGINT_OPERATORS : operatorsByKind[field.kind];
  if (!operators.has(operator)) {
    throw badFilterInput(path, `is not an operator of ${field.property}`);
  }
  switch (operator) {
    case 'isNull':
      if (typeof operand !== 'boolean') throw badFilterInput(path, 'must be true or false');
      return operand;
    case 'in':
    case 'notIn':
      if (!Array.isArray(operand)) throw badFilterInput(path, 'must be a list');
      return operand.map((item, index) => scalarValue(field, item, `${path}.${index}`));
    case 'between': {
      if (!isPlainObject(operand)) throw badFilterInput(path, 'must be an object { from, to }');
      const extra = Object.keys(operand).find((key) => key !== 'from' && key !== 'to');
      if (extra !== undefined)
        throw badFilterInput(`${path}.${extra}`, 'is not part of a range; use from and to');
      return {
        from: scalarValue(field, operand.from, `${path}.from`),
        to: scalarValue(field, operand.to, `${path}.to`),
      };
    }
    default:
      return scalarValue(field, operand, path);
  }
}
