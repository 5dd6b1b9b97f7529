import { type ModelRegistry, RailErrorCode } from '@rail/core';
import { problem, type FieldProblem } from './field-errors.js';

interface DriverError {
  code?: string;
  constraint?: string;
  column?: string;
  table?: string;
  message?: string;
  driverError?: DriverError;
}

/**
 * Turns a constraint violation raised by PostgreSQL or SQLite into a field
 * problem with a stable code; anything else is not a client problem (undefined).
 */
export function constraintProblem(
  error: unknown,
  registry: ModelRegistry,
  path: string,
): FieldProblem | undefined {
  const raw = ((error as DriverError).driverError ?? error) as DriverError;
  const message = raw.message ?? '';
  const fieldOf = (table: string | undefined, columns: readonly string[]): string | null => {
    const model = registry.models.find((candidate) => candidate.metadata.tableName === table);
    const field =
      model &&
      [...model.fields.values()].find((candidate) => columns.includes(candidate.column.databaseName));
    return field ? `${path}.${field.property}` : null;
  };
  const byConstraint = (name: string | undefined): { table?: string; columns: string[] } => {
    for (const model of registry.models) {
      const unique = [
        ...model.metadata.uniques,
        ...model.metadata.indices.filter((index) => index.isUnique),
      ].find((candidate) => candidate.name === name);
      if (unique)
        return {
          table: model.metadata.tableName,
          columns: unique.columns.map((column) => column.databaseName),
        };
      const check = model.metadata.checks.find((candidate) => candidate.name === name);
      if (check)
        return {
          table: model.metadata.tableName,
          columns: [...check.expression.matchAll(/"(\w+)"/g)].map((match) => match[1]),
        };
    }
    return { columns: [] };
  };

  // PostgreSQL: SQLSTATE codes with the constraint's name.
  if (raw.code === '23505') {
    const { table, columns } = byConstraint(raw.constraint);
    return problem(fieldOf(table ?? raw.table, columns), RailErrorCode.CONFLICT, 'is already taken');
  }
  if (raw.code === '23514') {
    const { table, columns } = byConstraint(raw.constraint);
    return problem(
      fieldOf(table ?? raw.table, columns),
      RailErrorCode.BAD_USER_INPUT,
      `violates the rule ${raw.constraint ?? ''}`.trim(),
    );
  }
  if (raw.code === '23502')
    return problem(fieldOf(raw.table, [raw.column ?? '']), RailErrorCode.BAD_USER_INPUT, 'cannot be null');
  if (raw.code === '23503')
    return problem(null, RailErrorCode.CONFLICT, 'the row is still referenced by, or refers to, another row');

  // SQLite: the constraint is named in the message.
  const unique = /UNIQUE constraint failed: (\w+)\.(\w+)/.exec(message);
  if (unique) return problem(fieldOf(unique[1], [unique[2]]), RailErrorCode.CONFLICT, 'is already taken');
  const check = /CHECK constraint failed: (\w+)/.exec(message);
  if (check) {
    const { table, columns } = byConstraint(check[1]);
    return problem(fieldOf(table, columns), RailErrorCode.BAD_USER_INPUT, `violates the rule ${check[1]}`);
  }
  const notNull = /NOT NULL constraint failed: (\w+)\.(\w+)/.exec(message);
  if (notNull)
    return problem(fieldOf(notNull[1], [notNull[2]]), RailErrorCode.BAD_USER_INPUT, 'cannot be null');
  if (/FOREIGN KEY constraint failed/.test(message)) {
    return problem(null, RailErrorCode.CONFLICT, 'the row is still referenced by, or refers to, another row');
  }
  return undefined;
}
