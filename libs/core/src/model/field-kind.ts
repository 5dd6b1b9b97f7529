import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { FieldKind } from './model-definition.js';

const kindByColumnType: Readonly<Record<string, FieldKind>> = {
  int: 'int',
  integer: 'int',
  int2: 'int',
  int4: 'int',
  smallint: 'int',
  tinyint: 'int',
  mediumint: 'int',
  bigint: 'string',
  int8: 'string',
  float: 'float',
  double: 'float',
  'double precision': 'float',
  real: 'float',
  float4: 'float',
  float8: 'float',
  numeric: 'decimal',
  decimal: 'decimal',
  money: 'decimal',
  boolean: 'boolean',
  bool: 'boolean',
  date: 'date',
  datetime: 'datetime',
  timestamp: 'datetime',
  timestamptz: 'datetime',
  'timestamp with time zone': 'datetime',
  'timestamp without time zone': 'datetime',
  enum: 'enum',
  'simple-enum': 'enum',
  json: 'json',
  jsonb: 'json',
  'simple-json': 'json',
};

/** What a column is, for GraphQL: keys are IDs, money is Decimal, the rest by its declared type. */
export function fieldKindOf(column: ColumnMetadata): FieldKind {
  if (column.isPrimary || column.relationMetadata) return 'id';
  const type = typeof column.type === 'string' ? column.type.toLowerCase() : column.type;
  if (type === Number) return 'int';
  if (type === Boolean) return 'boolean';
  if (type === Date) return 'datetime';
  if (typeof type === 'string') return kindByColumnType[type] ?? 'string';
  return 'string';
}
