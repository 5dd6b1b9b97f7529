import type {
  FieldDefinition,
  ModelDefinition,
  ModelRegistry,
  RelationDefinition,
  ScopeCondition,
} from '@rail/core';
import type { Values } from './write-types.js';

/** The to-one rows a written row points at, when the write knows them (the parent of a nested create). */
export type KnownRelated = (relation: RelationDefinition) => Values | undefined;

/**
 * Whether a row as written satisfies every scope condition, decided from its
 * own values (and its parent's) when the conditions are plain comparisons:
 * `true` or `false`, or `undefined` when only the database can tell (another
 * operator, or a relation whose row the write does not hold), and the caller
 * asks it. A tenant or owner scope on a row the API itself filled in is
 * decided here, without a statement.
 */
export function scopeHolds(
  registry: ModelRegistry,
  model: ModelDefinition,
  conditions: readonly ScopeCondition[],
  row: Values,
  related: KnownRelated,
): boolean | undefined {
  return every(conditions, (condition) => objectHolds(registry, model, condition, row, related));
}

function objectHolds(
  registry: ModelRegistry,
  model: ModelDefinition,
  condition: Values,
  row: Values,
  related: KnownRelated,
): boolean | undefined {
  return every(Object.entries(condition), ([key, filter]) =>
    filter === undefined ? true : partHolds(registry, model, key, filter, row, related),
  );
}

function partHolds(
  registry: ModelRegistry,
  model: ModelDefinition,
  key: string,
  filter: unknown,
  row: Values,
  related: KnownRelated,
): boolean | undefined {
  if (filter === null || typeof filter !== 'object') return undefined;
  if (key === 'AND' && Array.isArray(filter)) {
    return every(filter as Values[], (part) => objectHolds(registry, model, part, row, related));
  }
  const relation = model.relations.get(key);
  if (relation) {
    const target = relation.cardinality === 'one' ? related(relation) : undefined;
    if (!target) return undefined;
    return objectHolds(registry, registry.get(relation.target), filter as Values, target, () => undefined);
  }
  const field = model.fields.get(key);
  if (!field || !(key in row)) return undefined;
  return comparisonHolds(field, filter as Values, row[key]);
}

function comparisonHolds(field: FieldDefinition, operators: Values, value: unknown): boolean | undefined {
  const same = sameness(field);
  return every(Object.entries(operators), ([operator, operand]) =>
    operand === undefined ? true : operatorHolds(operator, operand, value, same),
  );
}

function operatorHolds(
  operator: string,
  operand: unknown,
  value: unknown,
  same: Sameness,
): boolean | undefined {
  switch (operator) {
    case 'eq':
      if (value === null || value === undefined) return operand === null ? undefined : false;
      return same(value, operand);
    case 'in': {
      if (!Array.isArray(operand) || value === null || value === undefined) return undefined;
      const matches = operand.map((candidate) => same(value, candidate));
      if (matches.includes(true)) return true;
      return matches.includes(undefined) ? undefined : false;
    }
    case 'isNull':
      return typeof operand === 'boolean' ? (value === null || value === undefined) === operand : undefined;
    default:
      return undefined;
  }
}

type Sameness = (value: unknown, operand: unknown) => boolean | undefined;

/**
 * How a written value and a scope's operand compare, as sure as the field's
 * kind allows: whole numbers (keys, tenant ids; a scope says `'1'` where the
 * row holds `1`) as numbers, text and enums as text. Anything else (decimals
 * written `1.5` and stored `1.50`, dates) is left to the database.
 */
function sameness(field: FieldDefinition): Sameness {
  const integral = field.kind === 'int' || (field.kind === 'id' && isWhole(field));
  if (integral) {
    return (value, operand) => {
      const [left, right] = [wholeNumber(value), wholeNumber(operand)];
      return left === undefined || right === undefined ? undefined : left === right;
    };
  }
  if (field.kind === 'string' || field.kind === 'enum' || field.kind === 'id') {
    return (value, operand) =>
      typeof value === 'string' && typeof operand === 'string' ? value === operand : undefined;
  }
  return () => undefined;
}

function isWhole(field: FieldDefinition): boolean {
  const type = field.column.type;
  return type === Number || (typeof type === 'string' && /int/i.test(type));
}

function wholeNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  return typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : undefined;
}

/** Three-valued AND: false if one is false, else undefined if one is undecided, else true. */
function every<T>(items: Iterable<T>, holds: (item: T) => boolean | undefined): boolean | undefined {
  let decided: boolean | undefined = true;
  for (const item of items) {
    const result = holds(item);
    if (result === false) return false;
    if (result === undefined) decided = undefined;
  }
  return decided;
}
