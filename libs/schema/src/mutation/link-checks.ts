import { type ModelDefinition, RailErrorCode } from '@rail/core';
import type { EntityManager } from 'typeorm';
import type { AccessContext } from '../query/access-context.js';
import type { ReadDeps } from '../query/read.executor.js';
import { SqlParameters } from '../query/sql-parameters.js';
import { WhereCompiler } from '../query/where.compiler.js';
import { problem, type FieldProblem } from './field-errors.js';

interface LinkRequest {
  readonly target: ModelDefinition;
  readonly key: number | string;
  readonly path: string;
}

/**
 * The to-one links of a whole input tree (`customer: { connect }`,
 * `items.create.N.productId`), checked together: every linked row must exist
 * inside the caller's scope. One statement answers them all, one part per
 * target model, however many rows and relations the input names.
 */
export class LinkChecks {
  private readonly requests: LinkRequest[] = [];

  constructor(
    private readonly deps: ReadDeps,
    private readonly access: AccessContext,
  ) {}

  request(target: ModelDefinition, key: number | string, path: string): void {
    this.requests.push({ target, key, path });
  }

  /** A NOT_FOUND problem for each link whose row is missing or out of scope. */
  async verify(manager: EntityManager): Promise<FieldProblem[]> {
    if (this.requests.length === 0) return [];
    const byModel = new Map<ModelDefinition, Set<number | string>>();
    for (const { target, key } of this.requests) {
      const keys = byModel.get(target) ?? new Set();
      byModel.set(target, keys.add(key));
    }
    const params = new SqlParameters();
    const parts: string[] = [];
    const models = [...byModel.keys()];
    for (const [index, target] of models.entries()) {
      const alias = `l${index}`;
      const compiler = new WhereCompiler({ ...this.deps, access: this.access }, params, `l${index}s`);
      const scope = await compiler.scope(target, alias, 'list');
      const escape = (name: string) => this.deps.dialect.escape(name);
      const column = `${escape(alias)}.${escape(target.primaryKey.column.databaseName)}`;
      const table = escape(target.metadata.tableName);
      parts.push(
        `SELECT ${index} AS ${escape('model')}, CAST(${column} AS VARCHAR(64)) AS ${escape('id')} ` +
          `FROM ${table} ${escape(alias)} WHERE ${column} IN ${params.addList([...byModel.get(target)!])} AND (${scope})`,
      );
    }
    const [sql, values] = this.deps.dataSource.driver.escapeQueryWithParameters(
      parts.join(' UNION ALL '),
      params.values,
    );
    const rows = await manager.query<Array<{ model: number | string; id: string }>>(sql, values);
    const found = new Set(rows.map((row) => `${Number(row.model)}:${normalized(row.id)}`));
    const problems: FieldProblem[] = [];
    for (const { target, key, path } of this.requests) {
      if (found.has(`${models.indexOf(target)}:${normalized(key)}`)) continue;
      // A miss may be another tenant's row: the scopes may record the attempt.
      await this.access.rowNotFound(target, 'list', String(key));
      problems.push(problem(path, RailErrorCode.NOT_FOUND, `${target.name} ${String(key)} does not exist`));
    }
    return problems;
  }
}

/** Keys as text compare alike whatever the driver returns (numbers, upper-case UUIDs). */
function normalized(key: unknown): string {
  return String(key).toLowerCase();
}
