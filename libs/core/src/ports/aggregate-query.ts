/** A date dimension's truncation unit (UTC). */
export type DateUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';

export type AggregateFunction = 'count' | 'countDistinct' | 'sum' | 'avg' | 'min' | 'max' | 'percentile';

export interface AggregateDimension {
  /** The column's name in the result. */
  readonly name: string;
  /** A field, or a path through to-one relations (`customer.country`). */
  readonly path: string;
  /** Dates: truncated to a unit (UTC). Numbers: `{ bucket: 100 }` groups 0–99, 100–199 … */
  readonly transform?: DateUnit | { readonly bucket: number };
}

export interface AggregateMetric {
  readonly name: string;
  readonly fn: AggregateFunction;
  /** The field aggregated (all but `count`). */
  readonly path?: string;
  /** Multiplies `path` by this field first (revenue = quantity × unit price). */
  readonly times?: string;
  /** For `percentile`: 0–1. */
  readonly fraction?: number;
}

export interface AggregateQuery {
  readonly dimensions: readonly AggregateDimension[];
  readonly metrics: readonly AggregateMetric[];
  /** The caller's filter, in the generated API's filter language. */
  readonly where?: Readonly<Record<string, unknown>> | null;
  /** The dataset's own filter, ANDed. */
  readonly filter?: Readonly<Record<string, unknown>> | null;
  readonly orderBy?: ReadonlyArray<{ readonly name: string; readonly direction: 'ASC' | 'DESC' }>;
  /** The top N buckets; without it, every bucket up to the cap. */
  readonly limit?: number | null;
  /** More buckets than this is refused (a coarser grouping or a narrower filter is needed). */
  readonly maxBuckets: number;
}

export type AggregateColumnType = 'string' | 'int' | 'decimal' | 'float' | 'date' | 'boolean';

export interface AggregateResult {
  readonly columns: ReadonlyArray<{ readonly name: string; readonly type: AggregateColumnType }>;
  readonly rows: unknown[][];
}
