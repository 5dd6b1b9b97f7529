import { validate } from 'class-validator';
import type { DataSource } from 'typeorm';
import { type FieldDefinition, type ModelDefinition } from '@rail/core';
import { invalid, type FieldProblem } from './field-errors.js';

type Values = Record<string, unknown>;

function decimalProblem(field: FieldDefinition, value: string, path: string): FieldProblem | undefined {
  const { precision, scale } = field.column;
  if (precision === undefined || precision === null) return undefined;
  const [whole = '', fraction = ''] = value.replace(/^-/, '').split('.');
  const maxWhole = precision - (scale ?? 0);
  if (whole.replace(/^0+(?=\d)/, '').length > maxWhole || fraction.length > (scale ?? 0)) {
    return invalid(
      path,
      `must have at most ${maxWhole} digits before and ${scale ?? 0} after the decimal point`,
    );
  }
  return undefined;
}

/**
 * Checks input values against what the columns can hold (required, null,
 * length, decimal precision) and against class-validator rules on the entity,
 * reporting every problem with its path.
 */
export async function validateInput(
  dataSource: DataSource,
  model: ModelDefinition,
  values: Values,
  mode: 'create' | 'update',
  path: string,
  providedByRelations: ReadonlySet<string> = new Set(),
): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  for (const field of model.fields.values()) {
    const at = `${path}.${field.property}`;
    const value = values[field.property];
    if (value === undefined) {
      if (
        mode === 'create' &&
        !field.optionalOnCreate &&
        field.writable &&
        !providedByRelations.has(field.property)
      ) {
        problems.push(invalid(at, 'is required'));
      }
      continue;
    }
    if (value === null) {
      if (!field.nullable) problems.push(invalid(at, 'cannot be null'));
      continue;
    }
    if (
      typeof value === 'string' &&
      field.kind === 'string' &&
      field.column.length &&
      value.length > Number(field.column.length)
    ) {
      problems.push(invalid(at, `must be at most ${field.column.length} characters long`));
    }
    if (field.kind === 'decimal' && typeof value === 'string') {
      const decimal = decimalProblem(field, value, at);
      if (decimal) problems.push(decimal);
    }
  }
  const instance = Object.assign(dataSource.getRepository(model.entity).create(), values);
  const violations = await validate(instance, {
    skipMissingProperties: mode === 'update',
    forbidUnknownValues: false,
  });
  for (const violation of violations) {
    for (const message of Object.values(violation.constraints ?? {})) {
      problems.push(invalid(`${path}.${violation.property}`, message));
    }
  }
  return problems;
}
