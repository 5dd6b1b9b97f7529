import {
  type FieldDefinition,
  type ModelDefinition,
  type ModelOperation,
  type ModelRegistry,
  type RelationDefinition,
  type ScopeCondition,
} from '@rail/core';
import type { DataSource } from 'typeorm';
import type { ResolvedSchemaOptions } from '../rail-schema.options.js';
import type { AccessDecisions } from './access-decisions.js';
import { fieldCondition, type FieldConditionContext } from './field-condition.js';
import { badFilterInput, isPlainObject } from './filter-operands.js';
import { and, badInput, FALSE, or, TRUE, tooComplex } from './sql-conditions.js';
import { escapeLike, type SqlDialect } from './sql-dialect.js';
import type { SqlParameters } from './sql-parameters.js';

type WhereInput = Readonly<Record<string, unknown>>;

const COMBINATORS = new Set(['AND', 'OR', 'NOT', 'quick']);

export interface WhereCompilerDeps {
  readonly dataSource: DataSource;
  readonly dialect: SqlDialect;
  readonly registry: ModelRegistry;
  readonly options: ResolvedSchemaOptions;
  /** The request's settled decisions (scopes, relation access, field access). */
  readonly decisions: AccessDecisions;
}

/**
 * Compiles a `where` input into one SQL condition with bound parameters.
 * Client filters are checked (field access, relation access, size limits);
 * scope conditions from the extension points are trusted and always ANDed,
 * also inside relation filters, so that no filter can reach a hidden row.
 */
export class WhereCompiler {
  // Synchronous and pure: every decision comes from the plan's settled decisions (AccessDecisions).
  private conditions = 0;
  private aliases = 0;

  private readonly fieldContext: FieldConditionContext;

  constructor(
    private readonly deps: WhereCompilerDeps,
    private readonly params: SqlParameters,
    private readonly aliasPrefix: string,
  ) {
    this.fieldContext = {
      dataSource: deps.dataSource,
      dialect: deps.dialect,
      options: deps.options,
      params,
      column: (alias, field) => this.column(alias, field),
      count: () => this.count(),
    };
  }

  /** The client's `where` on a model, plus the model's scope. */
  forClient(
    model: ModelDefinition,
    alias: string,
    where: WhereInput | null | undefined,
    path: string,
    operation: ModelOperation = 'list',
  ): string {
    const parts = [this.scope(model, alias, operation)];
    if (where !== undefined && where !== null) parts.push(this.object(model, alias, where, path, 1, false));
    return and(parts);
  }

  /** A filter under the client's rules, without the scope (`forClient` adds it once): a report dataset's own. */
  condition(model: ModelDefinition, alias: string, where: WhereInput, path: string): string {
    return this.object(model, alias, where, path, 1, false);
  }

  /** The model's scope alone (for joins, batched relation reads and write lookups). */
  scope(model: ModelDefinition, alias: string, operation: ModelOperation = 'list'): string {
    const conditions = this.deps.decisions.scopeConditions(model, operation);
    return and(
      conditions.map((condition: ScopeCondition) => this.object(model, alias, condition, 'scope', 1, true)),
    );
  }

  private object(
    model: ModelDefinition,
    alias: string,
    where: WhereInput,
    path: string,
    depth: number,
    trusted: boolean,
  ): string {
    if (!trusted && depth > this.deps.options.maxFilterDepth) {
      throw tooComplex(`${path} nests deeper than ${this.deps.options.maxFilterDepth} levels`);
    }
    // A JSON filter (reports, exports) has not been through GraphQL's input types: its shape is checked here.
    if (!trusted && !isPlainObject(where)) throw badFilterInput(path, 'must be an object of conditions');
    const parts: string[] = [];
    for (const [key, value] of Object.entries(where)) {
      const at = `${path}.${key}`;
      if (value === undefined) continue;
      if (value === null) throw badInput(`${at} is null; leave it out, or use isNull for null checks`);
      if (COMBINATORS.has(key)) {
        parts.push(this.combinator(model, alias, key, value, at, depth, trusted));
        continue;
      }
      const field = model.fields.get(key);
      if (field) {
        if (!trusted && !field.filterable) throw badInput(`${at} cannot be filtered on`);
        if (!trusted && !isPlainObject(value)) throw badFilterInput(at, 'must be an object of operators');
        if (!trusted) this.deps.decisions.assertReadableInClear(model, key, 'filter');
        parts.push(fieldCondition(this.fieldContext, model, alias, field, value as WhereInput, at, trusted));
        continue;
      }
      const relation = model.relations.get(key);
      if (relation) {
        if (!trusted && !isPlainObject(value)) throw badFilterInput(at, 'must be an object of conditions');
        parts.push(this.relationCondition(model, alias, relation, value as WhereInput, at, depth, trusted));
        continue;
      }
      throw badInput(`${at} is not a field of ${model.name}`);
    }
    return and(parts);
  }

  private combinator(
    model: ModelDefinition,
    alias: string,
    key: string,
    value: unknown,
    path: string,
    depth: number,
    trusted: boolean,
  ): string {
    if (!trusted) checkCombinator(key, value, path);
    if (key === 'NOT') {
      const inner = this.object(model, alias, value as WhereInput, path, depth + 1, trusted);
      if (inner === TRUE || inner === FALSE) return inner === TRUE ? FALSE : TRUE;
      // Exactly the rows the condition does not match: where it is unknown (a NULL column), NOT holds,
      // as for `every` below; SQL's own NOT would drop those rows from both the condition and its negation.
      return `(CASE WHEN ${inner} THEN 1 ELSE 0 END) = 0`;
    }
    if (key === 'quick') return this.quick(model, alias, String(value));
    const items = value as WhereInput[];
    const compiled = items.map((item, index) =>
      this.object(model, alias, item, `${path}.${index}`, depth + 1, trusted),
    );
    if (key === 'AND') return and(compiled);
    return or(compiled);
  }

  private quick(model: ModelDefinition, alias: string, text: string): string {
    this.count();
    const access = this.deps.decisions.readAccess(model);
    // Quick search skips fields the caller cannot read in clear: searching them would be an oracle.
    const fields = model.quickSearch.filter(
      (property) => (access.get(property)?.visibility ?? 'visible') === 'visible',
    );
    if (fields.length === 0 || text === '') return fields.length === 0 ? FALSE : TRUE;
    const pattern = this.params.add(`%${escapeLike(text.toLowerCase())}%`);
    return `(${fields.map((property) => `LOWER(${this.column(alias, model.fields.get(property)!)}) LIKE ${pattern} ESCAPE '\\'`).join(' OR ')})`;
  }

  private relationCondition(
    model: ModelDefinition,
    alias: string,
    relation: RelationDefinition,
    filter: WhereInput,
    path: string,
    depth: number,
    trusted: boolean,
  ): string {
    const target = this.deps.registry.get(relation.target);
    // A relation filter reads the related rows: it needs the right to list them.
    if (!trusted) this.deps.decisions.assertAllowed(target, 'list');
    const inner = `${this.aliasPrefix}w${this.aliases++}`;
    const table = this.deps.dialect.escape(target.metadata.tableName);
    const scope = this.scope(target, inner);
    if (relation.cardinality === 'one') {
      const link = `${this.column(inner, target.primaryKey)} = ${this.column(alias, model.fields.get(relation.foreignKey)!)}`;
      const condition = this.object(target, inner, filter, path, depth + 1, trusted);
      return `EXISTS (SELECT 1 FROM ${table} ${this.deps.dialect.escape(inner)} WHERE ${and([link, scope, condition])})`;
    }
    const link = `${this.column(inner, target.fields.get(relation.foreignKey)!)} = ${this.column(alias, model.primaryKey)}`;
    const parts: string[] = [];
    for (const [quantifier, condition] of Object.entries(filter)) {
      if (condition === undefined) continue;
      const at = `${path}.${quantifier}`;
      if (condition === null) throw badInput(`${at} is null; leave it out`);
      const compiled = this.object(target, inner, condition as WhereInput, at, depth + 1, trusted);
      const from = `FROM ${table} ${this.deps.dialect.escape(inner)}`;
      if (quantifier === 'some')
        parts.push(`EXISTS (SELECT 1 ${from} WHERE ${and([link, scope, compiled])})`);
      else if (quantifier === 'none')
        parts.push(`NOT EXISTS (SELECT 1 ${from} WHERE ${and([link, scope, compiled])})`);
      else if (quantifier === 'every') {
        // Every visible related row satisfies the condition; an unknown (NULL) result does not count as satisfied.
        parts.push(
          `NOT EXISTS (SELECT 1 ${from} WHERE ${and([link, scope, `(CASE WHEN ${compiled} THEN 1 ELSE 0 END) = 0`])})`,
        );
      } else throw badInput(`${at} is not some, every or none`);
    }
    return and(parts);
  }

  private column(alias: string, field: FieldDefinition): string {
    return `${this.deps.dialect.escape(alias)}.${this.deps.dialect.escape(field.column.databaseName)}`;
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
