import { type ModelDefinition, RailErrorCode } from '@rail/core';
import type { EntityManager } from 'typeorm';
import type { AccessContext } from '../query/access-context.js';
import type { ReadDeps } from '../query/read.executor.js';
import { planned } from '../query/access-decisions.js';
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

  /** One SELECT of the keys found, a part per target model, each under the caller's list scope. */
  private statement(
    models: readonly ModelDefinition[],
    byModel: ReadonlyMap<ModelDefinition, ReadonlySet<number | string>>,
  ): { sql: string; values: unknown[] } {
    const params = new SqlParameters();
    const escape = (name: string) => this.deps.dialect.escape(name);
    const parts = models.map((target, index) => {
      const alias = `l${index}`;
      const compiler = new WhereCompiler(
        { ...this.deps, decisions: this.access.decisions },
        params,
        `l${index}s`,
      );
      const scope = compiler.scope(target, alias, 'list');
      const column = `${escape(alias)}.${escape(target.primaryKey.column.databaseName)}`;
      const keys = params.addList([...byModel.get(target)!]);
      return (
        `SELECT ${index} AS ${escape('model')}, CAST(${column} AS VARCHAR(64)) AS ${escape('id')} ` +
        `FROM ${escape(target.metadata.tableName)} ${escape(alias)} WHERE ${column} IN ${keys} AND (${scope})`
      );
    });
    const [sql, values] = this.deps.dataSource.driver.escapeQueryWithParameters(
      parts.join(' UNION ALL '),
      params.values,
    );
    return { sql, values };
  }

  /** A NOT_FOUND problem for each link whose row is missing or out of scope. */
  async verify(manager: EntityManager): Promise<FieldProblem[]> {
    if (this.requests.length === 0) return [];
    const byModel = new Map<ModelDefinition, Set<number | string>>();
    for (const { target, key } of this.requests) {
      const keys = byModel.get(target) ?? new Set();
      byModel.set(target, keys.add(key));
    }
    const models = [...byModel.keys()];
    const { sql, values } = await planned(() => this.statement(models, byModel));
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
