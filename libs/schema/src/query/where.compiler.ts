import {
  type FieldDefinition,
  type ModelDefinition,
  type ModelOperation,
  type ModelRegistry,
  RailError,
  RailErrorCode,
  type RelationDefinition,
  type ScopeCondition,
} from '@rail/core';
import type { DataSource } from 'typeorm';
import type { ResolvedSchemaOptions } from '../rail-schema.options.js';
import type { AccessContext } from './access-context.js';
import { valueToDb } from './db-values.js';
import { badFilterInput, checkedOperand, isPlainObject } from './filter-operands.js';
import { escapeLike, type SqlDialect } from './sql-dialect.js';
import type { SqlParameters } from './sql-parameters.js';

type WhereInput = Readonly<Record<string, unknown>>;

const TRUE = '1 = 1';
const FALSE = '1 = 0';
const COMBINATORS = new Set(['AND', 'OR', 'NOT', 'quick']);

export interface WhereCompilerDeps {
  readonly dataSource: DataSource;
  readonly dialect: SqlDialect;
  readonly registry: ModelRegistry;
  readonly options: ResolvedSchemaOptions;
  readonly access: AccessContext;
}

/**
 * Compiles a `where` input into one SQL condition with bound parameters.
 * Client filters are checked (field access, relation access, size limits);
 * scope conditions from the extension points are trusted and always ANDed,
 * also inside relation filters, so that no filter can reach a hidden row.
 */
export class WhereCompiler {
  private conditions = 0;
  private aliases = 0;

  constructor(
    private readonly deps: WhereCompilerDeps,
    private readonly params: SqlParameters,
    private readonly aliasPrefix: string,
  ) {}

  /** The client's `where` on a model, plus the model's scope. */
  async forClient(
    model: ModelDefinition,
    alias: string,
    where: WhereInput | null | undefined,
    path: string,
    operation: ModelOperation = 'list',
  ): Promise<string> {
    const parts = [await this.scope(model, alias, operation)];
    if (where !== undefined && where !== null)
      parts.push(await this.object(model, alias, where, path, 1, false));
    return and(parts);
  }

  /** A filter under the client's rules, without the scope (`forClient` adds it once): a report dataset's own. */
  condition(model: ModelDefinition, alias: string, where: WhereInput, path: string): Promise<string> {
    return this.object(model, alias, where, path, 1, false);
  }

  /** The model's scope alone (for joins, batched relation reads and write lookups). */
  async scope(model: ModelDefinition, alias: string, operation: ModelOperation = 'list'): Promise<string> {
    const conditions = await this.deps.access.scopeConditions(model, operation);
    return and(
      await Promise.all(
        conditions.map((condition: ScopeCondition) => this.object(model, alias, condition, 'scope', 1, true)),
      ),
    );
  }

  private async object(
    model: ModelDefinition,
    alias: string,
    where: WhereInput,
    path: string,
    depth: number,
    trusted: boolean,
  ): Promise<string> {
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
        parts.push(await this.combinator(model, alias, key, value, at, depth, trusted));
        continue;
      }
      const field = model.fields.get(key);
      if (field) {
        if (!trusted && !field.filterable) throw badInput(`${at} cannot be filtered on`);
        if (!trusted && !isPlainObject(value)) throw badFilterInput(at, 'must be an object of operators');
        if (!trusted) await this.deps.access.assertReadableInClear(model, key, 'filter');
        parts.push(this.fieldCondition(model, alias, field, value as WhereInput, at, trusted));
        continue;
      }
      const relation = model.relations.get(key);
      if (relation) {
        if (!trusted && !isPlainObject(value)) throw badFilterInput(at, 'must be an object of conditions');
        parts.push(
          await this.relationCondition(model, alias, relation, value as WhereInput, at, depth, trusted),
        );
        continue;
      }
      throw badInput(`${at} is not a field of ${model.name}`);
    }
    return and(parts);
  }

  private async combinator(
    model: ModelDefinition,
    alias: string,
    key: string,
    value: unknown,
    path: string,
    depth: number,
    trusted: boolean,
  ): Promise<string> {
    if (!trusted) checkCombinator(key, value, path);
    if (key === 'NOT') {
      const inner = await this.object(model, alias, value as WhereInput, path, depth + 1, trusted);
      if (inner === TRUE || inner === FALSE) return inner === TRUE ? FALSE : TRUE;
      // Exactly the rows the condition does not match: where it is unknown (a NULL column), NOT holds,
      // as for `every` below; SQL's own NOT would drop those rows from both the condition and its negation.
      return `(CASE WHEN ${inner} THEN 1 ELSE 0 END) = 0`;
    }
    if (key === 'quick') return this.quick(model, alias, String(value));
    const items = value as WhereInput[];
    const compiled = await Promise.all(
      items.map((item, index) => this.object(model, alias, item, `${path}.${index}`, depth + 1, trusted)),
    );
    if (key === 'AND') return and(compiled);
    return or(compiled);
  }

  private async quick(model: ModelDefinition, alias: string, text: string): Promise<string> {
    this.count();
    const access = await this.deps.access.readAccess(model);
    // Quick search skips fields the caller cannot read in clear: searching them would be an oracle.
    const fields = model.quickSearch.filter(
      (property) => (access.get(property)?.visibility ?? 'visible') === 'visible',
    );
    if (fields.length === 0 || text === '') return fields.length === 0 ? FALSE : TRUE;
    const pattern = this.params.add(`%${escapeLike(text.toLowerCase())}%`);
    return `(${fields.map((property) => `LOWER(${this.column(alias, model.fields.get(property)!)}) LIKE ${pattern} ESCAPE '\\'`).join(' OR ')})`;
  }

  private fieldCondition(
    model: ModelDefinition,
    alias: string,
    field: FieldDefinition,
    filter: WhereInput,
    path: string,
    trusted: boolean,
  ): string {
    const column =
      field.kind === 'datetime'
        ? this.deps.dialect.timestamp(this.column(alias, field))
        : this.column(alias, field);
    const value = (raw: unknown, at: string): string =>
      this.params.add(valueToDb(this.deps.dataSource, model, field, raw, at));
    const checkedList = (raw: unknown, at: string): unknown[] => {
      const values = raw as unknown[];
      if (!trusted && values.length > this.deps.options.maxFilterListSize) {
        throw tooComplex(
          `${at} lists ${values.length} values; at most ${this.deps.options.maxFilterListSize} are allowed`,
        );
      }
      return values;
    };
    const list = (raw: unknown, at: string): unknown[] =>
      checkedList(raw, at).map((item, index) =>
        valueToDb(this.deps.dataSource, model, field, item, `${at}.${index}`),
      );
    const parts: string[] = [];
    for (const [operator, given] of Object.entries(filter)) {
      const at = `${path}.${operator}`;
      if (given === undefined) continue;
      if (given === null) throw badInput(`${at} is null; use isNull for null checks`);
      const operand = trusted ? given : checkedOperand(field, operator, given, at);
      if (!trusted) this.count();
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
          parts.push(values.length === 0 ? FALSE : `${column} IN ${this.params.addList(values)}`);
          break;
        }
        case 'notIn': {
          const values = list(operand, at);
          parts.push(values.length === 0 ? TRUE : `${column} NOT IN ${this.params.addList(values)}`);
          break;
        }
        case 'between': {
          const range = operand as { from: unknown; to: unknown };
          parts.push(
            `${column} BETWEEN ${value(range.from, `${at}.from`)} AND ${value(range.to, `${at}.to`)}`,
          );
          break;
        }
        case 'isNull':
          parts.push(operand ? `${column} IS NULL` : `${column} IS NOT NULL`);
          break;
        case 'contains':
          parts.push(this.deps.dialect.contains(column, this.params.add(text(operand))));
          break;
        case 'startsWith':
          parts.push(this.deps.dialect.startsWith(column, this.params.add(text(operand))));
          break;
        case 'endsWith':
          parts.push(this.deps.dialect.endsWith(column, this.params.add(text(operand))));
          break;
        case 'icontains':
          parts.push(this.like(column, `%${escapeLike(text(operand).toLowerCase())}%`));
          break;
        case 'istartsWith':
          parts.push(this.like(column, `${escapeLike(text(operand).toLowerCase())}%`));
          break;
        case 'iendsWith':
          parts.push(this.like(column, `%${escapeLike(text(operand).toLowerCase())}`));
          break;
        default:
          throw badInput(`${at} is not an operator`);
      }
    }
    return and(parts);
  }

  private like(column: string, pattern: string): string {
    return `LOWER(${column}) LIKE ${this.params.add(pattern)} ESCAPE '\\'`;
  }

  private async relationCondition(
    model: ModelDefinition,
    alias: string,
    relation: RelationDefinition,
    filter: WhereInput,
    path: string,
    depth: number,
    trusted: boolean,
  ): Promise<string> {
    const target = this.deps.registry.get(relation.target);
    // A relation filter reads the related rows: it needs the right to list them.
    if (!trusted) await this.deps.access.assertAllowed(target, 'list');
    const inner = `${this.aliasPrefix}w${this.aliases++}`;
    const table = this.deps.dialect.escape(target.metadata.tableName);
    const scope = await this.scope(target, inner);
    if (relation.cardinality === 'one') {
      const link = `${this.column(inner, target.primaryKey)} = ${this.column(alias, model.fields.get(relation.foreignKey)!)}`;
      const condition = await this.object(target, inner, filter, path, depth + 1, trusted);
      return `EXISTS (SELECT 1 FROM ${table} ${this.deps.dialect.escape(inner)} WHERE ${and([link, scope, condition])})`;
    }
    const link = `${this.column(inner, target.fields.get(relation.foreignKey)!)} = ${this.column(alias, model.primaryKey)}`;
    const parts: string[] = [];
    for (const [quantifier, condition] of Object.entries(filter)) {
      if (condition === undefined) continue;
      const at = `${path}.${quantifier}`;
      if (condition === null) throw badInput(`${at} is null; leave it out`);
      const compiled = await this.object(target, inner, condition as WhereInput, at, depth + 1, trusted);
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

function and(parts: readonly string[]): string {
  const real = parts.filter((part) => part !== TRUE && part !== '');
  if (real.length === 0) return TRUE;
  if (real.includes(FALSE)) return FALSE;
  return real.length === 1 ? real[0] : real.map((part) => `(${part})`).join(' AND ');
}

/**
 * Any of the parts. `[]` matches nothing (Prisma semantics), never everything.
 * Parts that always hold or never do are folded, as in `and`: 5,000 empty
 * conditions `{}` are one TRUE, not an expression deeper than SQLite parses.
 */
function or(parts: readonly string[]): string {
  if (parts.includes(TRUE)) return TRUE;
  const real = parts.filter((part) => part !== FALSE);
  if (real.length === 0) return FALSE;
  return real.length === 1 ? real[0] : `(${real.map((part) => `(${part})`).join(' OR ')})`;
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

function badInput(message: string): RailError {
  return new RailError(RailErrorCode.BAD_USER_INPUT, message);
}

function tooComplex(message: string): RailError {
  return new RailError(RailErrorCode.FILTER_TOO_COMPLEX, `Filter too complex: ${message}`);
}

/** A text operand; GraphQL has already checked it is a string. */
function text(operand: unknown): string {
  return typeof operand === 'string' ? operand : JSON.stringify(operand);
}
