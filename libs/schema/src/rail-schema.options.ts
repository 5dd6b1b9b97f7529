import { z } from 'zod';

type EntityClass = abstract new (...args: never[]) => unknown;

export interface RailSchemaOptions {
  /** The entities to generate an API for. */
  entities: ReadonlyArray<EntityClass>;
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

const atLeastOne = z.number().int().min(1);

/** Validates the module's options when the app starts and applies the defaults. */
export const schemaOptionsSchema: z.ZodType<ResolvedSchemaOptions, RailSchemaOptions> = z.strictObject({
  entities: z.array(
    z.custom<EntityClass>((value) => typeof value === 'function', { message: 'expected an entity class' }),
  ),
  maxPageSize: atLeastOne.default(100),
  maxBulkSize: atLeastOne.default(100),
  maxFilterDepth: atLeastOne.default(6),
  maxFilterConditions: atLeastOne.default(100),
  maxFilterListSize: atLeastOne.default(1000),
  planCacheTtlMs: z.number().int().min(0).default(30_000),
  planCacheSize: atLeastOne.default(1000),
});

export const RAIL_SCHEMA_OPTIONS = Symbol('RAIL_SCHEMA_OPTIONS');
