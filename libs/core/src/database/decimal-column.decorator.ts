import { Column, type ColumnOptions, type ValueTransformer } from 'typeorm';

export interface DecimalColumnOptions extends Omit<
  ColumnOptions,
  'type' | 'precision' | 'scale' | 'transformer'
> {
  precision: number;
  scale: number;
}

/**
 * PostgreSQL returns `numeric` as a string; SQLite returns a float. Either way
 * the entity gets a decimal string with exactly `scale` digits, never a JS number.
 */
export function decimalStringTransformer(scale: number): ValueTransformer {
  return {
    to: (value: unknown) => value,
    from: (value: unknown): string | null => {
      if (value === null || value === undefined) return null;
      if (typeof value === 'number') return value.toFixed(scale);
      if (typeof value === 'string') return value;
      throw new TypeError(`A decimal column returned a ${typeof value}, not a number or a string`);
    },
  };
}

/**
 * A `numeric(precision, scale)` column read and written as a decimal string,
 * for money and other exact quantities.
 *
 * @example
 * @DecimalColumn({ precision: 12, scale: 2 })
 * price!: string;
 */
export function DecimalColumn(options: DecimalColumnOptions): PropertyDecorator {
  return Column({ ...options, type: 'numeric', transformer: decimalStringTransformer(options.scale) });
}
