import 'reflect-metadata';

const WITHHOLDABLE = Symbol('rail:withholdable-fields');

/**
 * Marks an entity property whose value some callers may not receive (a field
 * policy): the generated schema then makes it nullable, so that hiding it is
 * a `null`, never an error and never a plausible fake value.
 */
export function markWithholdable(target: object, property: string): void {
  const fields = new Set(withholdableFieldsOf(target));
  fields.add(property);
  Reflect.defineMetadata(WITHHOLDABLE, fields, target);
}

export function withholdableFieldsOf(target: object): ReadonlySet<string> {
  return (Reflect.getMetadata(WITHHOLDABLE, target) as Set<string> | undefined) ?? new Set();
}
