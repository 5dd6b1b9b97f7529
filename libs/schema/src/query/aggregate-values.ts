import type { AggregateColumnType, FieldDefinition } from '@rail/core';

/** One result column of an aggregate: its name and type as the report shows it. */
export interface Column {
  readonly name: string;
  readonly type: AggregateColumnType;
  /** Decimal places of a decimal result, which both databases then print the same. */
  readonly scale?: number;
}

/** The report column type of a field. */
export function typeOf(field: FieldDefinition): Pick<Column, 'type' | 'scale'> {
  switch (field.kind) {
    case 'int':
      return { type: 'int' };
    case 'float':
      return { type: 'float' };
    case 'decimal':
      return { type: 'decimal', scale: scaleOf(field) };
    case 'boolean':
      return { type: 'boolean' };
    case 'datetime':
    case 'date':
      return { type: 'date' };
    default:
      return { type: 'string' };
  }
}

export function scaleOf(field: FieldDefinition): number {
  return typeof field.column.scale === 'number' ? field.column.scale : 2;
}

/** Database values in one form for both databases: integers as numbers, decimals as fixed-point text. */
export function valueOf(raw: unknown, column: Column): unknown {
  if (raw === null || raw === undefined) return null;
  switch (column.type) {
    case 'int':
      return Number(raw);
    case 'float':
      return Number(raw);
    case 'decimal':
      return Number(raw).toFixed(column.scale ?? 2);
    case 'boolean':
      return raw === true || raw === 1 || raw === '1' || raw === 't';
    case 'date':
      return raw instanceof Date ? raw.toISOString().slice(0, 10) : textOf(raw).slice(0, 10);
    default:
      return textOf(raw);
  }
}

function textOf(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'bigint' || typeof raw === 'boolean') return String(raw);
  return JSON.stringify(raw);
}
