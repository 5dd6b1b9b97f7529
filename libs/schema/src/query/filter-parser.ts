import type { FieldDefinition, ModelDefinition, ModelRegistry, RelationDefinition } from '@rail/core';
import type { ResolvedSchemaOptions } from '../rail-schema.options.js';
import { badFilterInput, checkedOperand, isPlainObject } from './filter-operands.js';
import { type FieldTest, type FilterNode, filterShape, type ParsedFilter } from './filter-tree.js';
import { badInput, tooComplex } from './sql-conditions.js';

type WhereInput = Readonly<Record<string, unknown>>;

const COMBINATORS = new Set(['AND', 'OR', 'NOT', 'quick']);
const QUANTIFIERS = new Set(['some', 'every', 'none']);

export interface FilterParserDeps {
  readonly registry: ModelRegistry;
  readonly options: ResolvedSchemaOptions;
}

/**
 * Parses a `where` input into a typed filter tree and the values found in it.
 * A client's filter is checked here, before any decision is asked: its shape
 * (a JSON filter from a report or an export has not been through GraphQL's
 * input types), known fields and operators, values of each field's type, and
 * the size limits. A scope's conditions come from the extension points and
 * are trusted: only their structure is read.
 */
export function parseFilter(
  deps: FilterParserDeps,
  model: ModelDefinition,
  where: WhereInput,
  path: string,
  trusted = false,
): ParsedFilter {
  const parser = new FilterParser(deps, trusted);
  const tree = parser.object(model, where, path, 1);
  return { tree, operands: parser.operands, shape: JSON.stringify([path, filterShape(tree)]) };
}

class FilterParser {
  readonly operands = new Map<string, unknown>();
  private conditions = 0;

  constructor(
    private readonly deps: FilterParserDeps,
    private readonly trusted: boolean,
  ) {}

  object(model: ModelDefinition, where: WhereInput, path: string, depth: number): FilterNode {
    const { options } = this.deps;
    if (!this.trusted && depth > options.maxFilterDepth) {
      throw tooComplex(`${path} nests deeper than ${options.maxFilterDepth} levels`);
    }
    if (!this.trusted && !isPlainObject(where)) throw badFilterInput(path, 'must be an object of conditions');
    const parts: FilterNode[] = [];
    for (const [key, value] of Object.entries(where)) {
      const at = `${path}.${key}`;
      if (value === undefined) continue;
      if (value === null) throw badInput(`${at} is null; leave it out, or use isNull for null checks`);
      if (COMBINATORS.has(key)) {
        parts.push(this.combinator(model, key, value, at, depth));
        continue;
      }
      const field = model.fields.get(key);
      if (field) {
        if (!this.trusted && !field.filterable) throw badInput(`${at} cannot be filtered on`);
        if (!this.trusted && !isPlainObject(value))
          throw badFilterInput(at, 'must be an object of operators');
        parts.push({ kind: 'field', model, field, tests: this.tests(field, value as WhereInput, at) });
        continue;
      }
      const relation = model.relations.get(key);
      if (relation) {
        if (!this.trusted && !isPlainObject(value))
          throw badFilterInput(at, 'must be an object of conditions');
        parts.push(this.relation(model, relation, value as WhereInput, at, depth));
        continue;
      }
      throw badInput(`${at} is not a field of ${model.name}`);
    }
    return { kind: 'and', parts };
  }

  private combinator(
    model: ModelDefinition,
    key: string,
    value: unknown,
    path: string,
    depth: number,
  ): FilterNode {
    if (!this.trusted) checkCombinator(key, value, path);
    if (key === 'NOT')
      return { kind: 'not', inner: this.object(model, value as WhereInput, path, depth + 1) };
    if (key === 'quick') {
      this.count();
      const text = String(value);
      this.operands.set(path, text);
      return { kind: 'quick', model, path, empty: text === '' };
    }
    const items = value as WhereInput[];
    const parts = items.map((item, index) => this.object(model, item, `${path}.${index}`, depth + 1));
    return { kind: key === 'AND' ? 'and' : 'or', parts };
  }

  private relation(
    model: ModelDefinition,
    relation: RelationDefinition,
    filter: WhereInput,
    path: string,
    depth: number,
  ): FilterNode {
    const target = this.deps.registry.get(relation.target);
    if (relation.cardinality === 'one') {
      return {
        kind: 'relation',
        model,
        relation,
        target,
        quantifier: 'is',
        inner: this.object(target, filter, path, depth + 1),
      };
    }
    const parts: FilterNode[] = [];
    for (const [quantifier, condition] of Object.entries(filter)) {
      if (condition === undefined) continue;
      const at = `${path}.${quantifier}`;
      if (condition === null) throw badInput(`${at} is null; leave it out`);
      if (!QUANTIFIERS.has(quantifier)) throw badInput(`${at} is not some, every or none`);
      const inner = this.object(target, condition as WhereInput, at, depth + 1);
      parts.push({ kind: 'relation', model, relation, target, quantifier: quantifier as 'some', inner });
    }
    return { kind: 'and', parts };
  }

  /** The operators of one field's filter (`{ gte: 1, lt: 5 }`), their values kept as operands. */
  private tests(field: FieldDefinition, filter: WhereInput, path: string): FieldTest[] {
    const tests: FieldTest[] = [];
    for (const [operator, given] of Object.entries(filter)) {
      const at = `${path}.${operator}`;
      if (given === undefined) continue;
      if (given === null) throw badInput(`${at} is null; use isNull for null checks`);
      const operand = this.trusted ? given : checkedOperand(field, operator, given, at);
      if (!this.trusted) this.count();
      tests.push(this.test(field, operator, operand, at));
    }
    return tests;
  }

  private test(field: FieldDefinition, operator: string, operand: unknown, path: string): FieldTest {
    switch (operator) {
      case 'isNull':
        return { operator, isNull: Boolean(operand) };
      case 'in':
      case 'notIn': {
        const values = operand as unknown[];
        const { maxFilterListSize } = this.deps.options;
        if (!this.trusted && values.length > maxFilterListSize) {
          throw tooComplex(`${path} lists ${values.length} values; at most ${maxFilterListSize} are allowed`);
        }
        this.operands.set(path, values);
        // Timestamps compare as one range per value; other lists bind as one list, empty or not.
        const size = field.kind === 'datetime' ? values.length : Math.min(values.length, 1);
        return { operator, path, size };
      }
      case 'eq':
      case 'neq':
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
      case 'between':
      case 'contains':
      case 'startsWith':
      case 'endsWith':
      case 'icontains':
      case 'istartsWith':
      case 'iendsWith':
        this.operands.set(path, operand);
        return { operator, path };
      default:
        throw badInput(`${path} is not an operator`);
    }
  }

  private count(): void {
    this.conditions += 1;
    if (this.conditions > this.deps.options.maxFilterConditions) {
      throw tooComplex(`the filter has more than ${this.deps.options.maxFilterConditions} conditions`);
    }
  }
}

/** AND and OR take lists of conditions, NOT one condition, quick a text. */
function checkCombinator(key: string, value: unknown, path: string): void {
  if (key === 'quick') {
    if (typeof value !== 'string') throw badFilterInput(path, 'must be a string');
  } else if (key === 'NOT') {
    if (!isPlainObject(value)) throw badFilterInput(path, 'must be an object of conditions');
  } else if (!Array.isArray(value)) {
    throw badFilterInput(path, 'must be a list of conditions');
  }
}

/** A `where` argument, parsed when given. */
export function parseWhere(
  deps: FilterParserDeps,
  model: ModelDefinition,
  where: WhereInput | null | undefined,
  path: string,
): ParsedFilter | undefined {
  return where === null || where === undefined ? undefined : parseFilter(deps, model, where, path);
}
