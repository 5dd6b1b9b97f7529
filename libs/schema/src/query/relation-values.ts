/** Where a row keeps the relation values read for it, by response alias. */
export const RELATION_VALUES = Symbol('rail.relationValues');

export type Row = Record<string, unknown> & { [RELATION_VALUES]?: Record<string, unknown> };

export function setRelationValue(row: Row, alias: string, value: unknown): void {
  (row[RELATION_VALUES] ??= {})[alias] = value;
}

export function relationValue(row: Row, alias: string): unknown {
  return row[RELATION_VALUES]?.[alias];
}
