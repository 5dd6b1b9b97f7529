import { type FieldDefinition, type ModelDefinition, RailError, RailErrorCode } from '@rail/core';
import type { DataSource } from 'typeorm';

/** True when the column holds integers, so GraphQL IDs must be digits. */
function isIntegerColumn(field: FieldDefinition): boolean {
  const type = field.column.type;
  return type === Number || (typeof type === 'string' && /int/i.test(type));
}

/** The largest value an integer key column holds: int4 unless declared wider or narrower. */
function largestKeyOf(field: FieldDefinition): number {
  const type = typeof field.column.type === 'string' ? field.column.type.toLowerCase() : '';
  if (type === 'bigint' || type === 'int8') return Number.MAX_SAFE_INTEGER;
  if (type === 'smallint' || type === 'int2') return 32_767;
  return 2_147_483_647;
}

/** A GraphQL ID as the column's value; a malformed id is the client's mistake. */
export function idToDb(
  model: ModelDefinition,
  field: FieldDefinition,
  id: unknown,
  path: string,
): number | string {
  const text = String(id);
  if (!isIntegerColumn(field)) return text;
  // Beyond the column's range no row can have the id, and PostgreSQL would fail the statement.
  if (!/^\d{1,15}$/.test(text) || Number(text) > largestKeyOf(field)) {
    throw new RailError(RailErrorCode.BAD_USER_INPUT, `${path}: "${text}" is not a valid ${model.name} id`, {
      field: path,
    });
  }
  return Number(text);
}

/** A filter or input value as the driver stores it (dates and booleans differ per database). */
export function valueToDb(
  dataSource: DataSource,
  model: ModelDefinition,
  field: FieldDefinition,
  value: unknown,
  path: string,
): unknown {
  if (value === null || value === undefined) return value;
  if (field.kind === 'id') return idToDb(model, field, value, path);
  if (field.kind === 'datetime' || field.kind === 'boolean') {
    return dataSource.driver.preparePersistentValue(value, field.column);
  }
  return value;
}
