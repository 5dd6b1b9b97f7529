import type { ModelDefinition, ModelRegistry, RelationDefinition, ScopeCondition } from '@rail/core';
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
  let decided: boolean | undefined = true;
  for (const condition of conditions) {
    const holds = objectHolds(registry, model, condition, row, related);
    if (holds === false) return false;
    if (holds === undefined) decided = undefined;
  }
  return decided;
}

function objectHolds(
  registry: ModelRegistry,
  model: ModelDefinition,
  condition: Values,
  row: Values,
  related: KnownRelated,
): boolean | undefined {
  let decided: boolean | undefined = true;
  for (const [key, filter] of Object.entries(condition)) {
    if (filter === undefined) continue;
    const holds = partHolds(registry, model, key, filter, row, related);
    if (holds === false) return false;
    if (holds === undefined) decided = undefined;
  }
  return decided;
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
  if (key === 'and' && Array.isArray(filter)) {
    return all(filter.map((part) => objectHolds(registry, model, part as Values, row, related)));
  }
  const relation = model.relations.get(key);
  if (relation) {
    const target = relation.cardinality === 'one' ? related(relation) : undefined;
    if (!target) return undefined;
    return objectHolds(registry, registry.get(relation.target), filter as Values, target, () => undefined);
  }
  if (!model.fields.has(key) || !(key in row)) return undefined;
  return comparisonHolds(filter as Values, row[key]);
}

function comparisonHolds(operators: Values, value: unknown): boolean | undefined {
  let decided: boolean | undefined = true;
  for (const [operator, operand] of Object.entries(operators)) {
    if (operand === undefined) continue;
    const holds = operatorHolds(operator, operand, value);
    if (holds === false) return false;
    if (holds === undefined) decided = undefined;
  }
  return decided;
}

function operatorHolds(operator: string, operand: unknown, value: unknown): boolean | undefined {
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

/**
 * Keys and tenant ids compare as text (a scope says `'1'` where the row holds
 * `1`). Unequal text is a sure "no" only between values of one type; `1.50`
 * against `'1.5'`, dates and the rest are left to the database.
 */
function same(value: unknown, operand: unknown): boolean | undefined {
  const plain = (item: unknown) => typeof item === 'string' || typeof item === 'number';
  if (!plain(value) || !plain(operand)) return undefined;
  if (String(value) === String(operand)) return true;
  return typeof value === typeof operand ? false : undefined;
}

function all(results: ReadonlyArray<boolean | undefined>): boolean | undefined {
  if (results.includes(false)) return false;
  return results.includes(undefined) ? undefined : true;
}
