export interface RailSchemaOptions {
  /** The entities to generate an API for. */
  entities: ReadonlyArray<abstract new (...args: never[]) => unknown>;
  /** Largest `limit` / `perPage`, and the default per-parent limit of to-many fields (100). */
  maxPageSize?: number;
  /** Most items of one bulk mutation (100). */
  maxBulkSize?: number;
  /** Deepest nesting of AND/OR/NOT and relation filters (6). */
  maxFilterDepth?: number;
  /** Most conditions in one filter (100). */
  maxFilterConditions?: number;
  /** Most values of one `in` / `notIn` list (1000). */
  maxFilterListSize?: number;
  /**
   * How long the planning decisions and compiled reads of one principal
   * (user, tenant, roles, sign-in methods) are reused by its next requests, in
   * ms (30000); 0 plans every request afresh.
   */
  planCacheTtlMs?: number;
  /** Most principals, and most compiled reads, the plan caches keep (1000). */
  planCacheSize?: number;
}

export type ResolvedSchemaOptions = Required<RailSchemaOptions>;

export function resolveSchemaOptions(options: RailSchemaOptions): ResolvedSchemaOptions {
  return {
    maxPageSize: 100,
    maxBulkSize: 100,
    maxFilterDepth: 6,
    maxFilterConditions: 100,
    maxFilterListSize: 1000,
    planCacheTtlMs: 30_000,
    planCacheSize: 1000,
    ...options,
  };
}

export const RAIL_SCHEMA_OPTIONS = Symbol('RAIL_SCHEMA_OPTIONS');
