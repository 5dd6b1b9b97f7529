import 'reflect-metadata';

export interface ExportableOptions {
  /** The exportable fields: dotted paths through to-one relations (`category.name`). Nothing else can be exported. */
  readonly fields: readonly string[];
  /** A lower row cap for this model. */
  readonly maxRows?: number;
}

const EXPORTABLE = Symbol('rail:exportable');

/**
 * Lets the model be exported, these fields only (default-deny: a model or
 * field not named here cannot be exported, whatever the caller's rights).
 *
 * @example
 * @Exportable({ fields: ['id', 'name', 'sku', 'category.name'] })
 * @Entity({ name: 'product' })
 * export class Product { ... }
 */
export function Exportable(options: ExportableOptions): ClassDecorator {
  if (options.fields.length === 0) throw new Error('@Exportable needs at least one field');
  return (target) => Reflect.defineMetadata(EXPORTABLE, options, target);
}

/** The model's export allowlist, or `undefined` when it cannot be exported. */
export function exportableOf(
  target: abstract new (...args: never[]) => unknown,
): ExportableOptions | undefined {
  return Reflect.getMetadata(EXPORTABLE, target) as ExportableOptions | undefined;
}
