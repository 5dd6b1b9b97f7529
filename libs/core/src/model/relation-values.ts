/** Where a row keeps the relation values read for it, by response alias. */
export const RELATION_VALUES = Symbol('rail.relationValues');

export type Row = Record<string, unknown> & { [RELATION_VALUES]?: Record<string, unknown> };

export function setRelationValue(row: Row, alias: string, value: unknown): void {
  (row[RELATION_VALUES] ??= {})[alias] = value;
}

export function relationValue(row: Row, alias: string): unknown {
  return row[RELATION_VALUES]?.[alias];
}

/** Where a row keeps which of its fields were withheld from this caller (masked or hidden). */
export const WITHHELD_FIELDS = Symbol('rail.withheldFields');

export type Withholding = 'masked' | 'hidden';

export function markWithheld(row: Row, property: string, visibility: Withholding): void {
  const holder = row as Row & { [WITHHELD_FIELDS]?: Record<string, Withholding> };
  (holder[WITHHELD_FIELDS] ??= {})[property] = visibility;
}

export function withheldOf(row: Row, property: string): Withholding | undefined {
  return (row as Row & { [WITHHELD_FIELDS]?: Record<string, Withholding> })[WITHHELD_FIELDS]?.[property];
}

/** The value at a dotted path of a row read with `readSelectionOfPaths` (`category.name`); null past a missing relation. */
export function valueAtPath(row: Row, path: string): unknown {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) return row[head];
  const related = relationValue(row, head) as Row | null | undefined;
  return related ? valueAtPath(related, rest.join('.')) : null;
}
