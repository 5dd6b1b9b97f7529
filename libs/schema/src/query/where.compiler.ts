import {
  type FieldDefinition,
  type ModelDefinition,
  type ModelOperation,
  type ModelRegistry,
  type ScopeCondition,
} from '@rail/core';
import type { DataSource } from 'typeorm';
import type { ResolvedSchemaOptions } from '../rail-schema.options.js';
import type { AccessDecisions } from './access-decisions.js';
import { fieldCondition, type FieldConditionContext, type OperandBinder } from './field-condition.js';
import { parseFilter } from './filter-parser.js';
import type { FilterNode, FilterOperands, ParsedFilter } from './filter-tree.js';
import { and, FALSE, or, TRUE } from './sql-conditions.js';
import { escapeLike, type SqlDialect } from './sql-dialect.js';
import type { SqlParameters } from './sql-parameters.js';

export interface WhereCompilerDeps {
  readonly dataSource: DataSource;
  readonly dialect: SqlDialect;
  readonly registry: ModelRegistry;
  readonly options: ResolvedSchemaOptions;
  /** The request's settled decisions (scopes, relation access, field access). */
  readonly decisions: AccessDecisions;
}

/** A client filter is checked against the caller's rights and bound per request; a scope is trusted. */
interface Compilation {
  readonly trusted: boolean;
  readonly binder: OperandBinder;
}

/**
 * Compiles parsed filters (filter-parser.ts) into one SQL condition with bound
 * parameters. Client filters are checked against the caller's rights (field
 * in clear, relation listable); scope conditions from the extension points
 * are trusted and always ANDed, also inside relation filters, so that no
 * filter can reach a hidden row.
 */
export class WhereCompiler {
  // Synchronous and pure: every decision comes from the plan's settled decisions (AccessDecisions).
  private aliases = 0;
  private readonly fieldContext: FieldConditionContext;
  private readonly client: Compilation;

  constructor(
    private readonly deps: WhereCompilerDeps,
    private readonly params: SqlParameters,
    private readonly aliasPrefix: string,
  ) {
    this.fieldContext = {
      dataSource: deps.dataSource,
      dialect: deps.dialect,
      column: (alias, field) => this.column(alias, field),
    };
    this.client = {
      trusted: false,
      binder: {
        value: (path, derive) => params.slot(path, derive),
        list: (path, derive) => params.slotList(path, derive),
      },
    };
  }

  /** The client's `where` on a model, plus the model's scope. */
  forClient(
    model: ModelDefinition,
    alias: string,
    where: ParsedFilter | undefined,
    operation: ModelOperation = 'list',
  ): string {
    const parts = [this.scope(model, alias, operation)];
    if (where) parts.push(this.condition(alias, where));
    return and(parts);
  }

  /** A filter under the client's rules, without the scope (`forClient` adds it once): a report dataset's own. */
  condition(alias: string, where: ParsedFilter): string {
    this.params.compiledFrom(where.operands);
    return this.node(where.tree, alias, this.client);
  }

  /** The model's scope alone (for joins, batched relation reads and write lookups). */
  scope(model: ModelDefinition, alias: string, operation: ModelOperation = 'list'): string {
    const conditions = this.deps.decisions.scopeConditions(model, operation);
    return and(
      conditions.map((condition: ScopeCondition) => {
        const parsed = parseFilter(this.deps, model, condition, 'scope', true);
        return this.node(parsed.tree, alias, {
          trusted: true,
          binder: constants(this.params, parsed.operands),
        });
      }),
    );
  }

  private node(node: FilterNode, alias: string, compilation: Compilation): string {
    switch (node.kind) {
      case 'and':
        return and(node.parts.map((part) => this.node(part, alias, compilation)));
      case 'or':
        return or(node.parts.map((part) => this.node(part, alias, compilation)));
      case 'not': {
        const inner = this.node(node.inner, alias, compilation);
        if (inner === TRUE || inner === FALSE) return inner === TRUE ? FALSE : TRUE;
        // Exactly the rows the condition does not match: where it is unknown (a NULL column), NOT holds,
        // as for `every` below; SQL's own NOT would drop those rows from both the condition and its negation.
        return `(CASE WHEN ${inner} THEN 1 ELSE 0 END) = 0`;
      }
      case 'quick':
        return this.quick(node, alias, compilation);
      case 'field':
        if (!compilation.trusted)
          this.deps.decisions.assertReadableInClear(node.model, node.field.property, 'filter');
        return fieldCondition(
          this.fieldContext,
          node.model,
          alias,
          node.field,
          node.tests,
          compilation.binder,
        );
      case 'relation':
        return this.relation(node, alias, compilation);
    }
  }

  private quick(
    node: Extract<FilterNode, { kind: 'quick' }>,
    alias: string,
    compilation: Compilation,
  ): string {
    const access = this.deps.decisions.readAccess(node.model);
    // Quick search skips fields the caller cannot read in clear: searching them would be an oracle.
    const fields = node.model.quickSearch.filter(
      (property) => (access.get(property)?.visibility ?? 'visible') === 'visible',
    );
    if (fields.length === 0 || node.empty) return fields.length === 0 ? FALSE : TRUE;
    const pattern = compilation.binder.value(
      node.path,
      (operand) => `%${escapeLike(String(operand).toLowerCase())}%`,
    );
    return `(${fields.map((property) => `LOWER(${this.column(alias, node.model.fields.get(property)!)}) LIKE ${pattern} ESCAPE '\\'`).join(' OR ')})`;
  }

  private relation(
    node: Extract<FilterNode, { kind: 'relation' }>,
    alias: string,
    compilation: Compilation,
  ): string {
    const { model, relation, target } = node;
    // A relation filter reads the related rows: it needs the right to list them.
    if (!compilation.trusted) this.deps.decisions.assertAllowed(target, 'list');
    const inner = `${this.aliasPrefix}w${this.aliases++}`;
    const from = `FROM ${this.deps.dialect.escape(target.metadata.tableName)} ${this.deps.dialect.escape(inner)}`;
    const scope = this.scope(target, inner);
    const condition = this.node(node.inner, inner, compilation);
    if (node.quantifier === 'is') {
      const link = `${this.column(inner, target.primaryKey)} = ${this.column(alias, model.fields.get(relation.foreignKey)!)}`;
      return `EXISTS (SELECT 1 ${from} WHERE ${and([link, scope, condition])})`;
    }
    const link = `${this.column(inner, target.fields.get(relation.foreignKey)!)} = ${this.column(alias, model.primaryKey)}`;
    if (node.quantifier === 'some') return `EXISTS (SELECT 1 ${from} WHERE ${and([link, scope, condition])})`;
    if (node.quantifier === 'none')
      return `NOT EXISTS (SELECT 1 ${from} WHERE ${and([link, scope, condition])})`;
    // Every visible related row satisfies the condition; an unknown (NULL) result does not count as satisfied.
    return `NOT EXISTS (SELECT 1 ${from} WHERE ${and([link, scope, `(CASE WHEN ${condition} THEN 1 ELSE 0 END) = 0`])})`;
  }

  private column(alias: string, field: FieldDefinition): string {
    return `${this.deps.dialect.escape(alias)}.${this.deps.dialect.escape(field.column.databaseName)}`;
  }
}

/** A scope's values: constants of the compiled statement, taken from the scope's own operands. */
function constants(params: SqlParameters, operands: FilterOperands): OperandBinder {
  return {
    value: (path, derive) => params.add(derive(operands.get(path))),
    list: (path, derive) => params.addList(derive(operands.get(path))),
  };
}
