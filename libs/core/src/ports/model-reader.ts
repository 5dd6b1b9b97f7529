import type { GraphQLResolveInfo } from 'graphql';
import type { RailPrincipal } from '../extension-points/rail-principal.js';
import type { ModelDefinition } from '../model/model-definition.js';
import type { ModelRegistry } from '../model/model-registry.js';
import type { Row } from '../model/relation-values.js';
import type { AggregateQuery, AggregateResult } from './aggregate-query.js';

/** A condition in the generated API's filter language (`{ status: { eq: "paid" } }`). */
export type ModelFilter = Readonly<Record<string, unknown>>;

/** Ordering keys in the generated API's language (`[{ createdAt: DESC }]`). */
export type ModelOrder = ReadonlyArray<Readonly<Record<string, unknown>>>;

export interface ModelListArgs {
  readonly where?: ModelFilter | null;
  readonly orderBy?: ModelOrder | null;
  readonly offset?: number | null;
  readonly limit?: number | null;
}

export interface StreamArgs {
  readonly where?: ModelFilter | null;
  readonly orderBy?: ModelOrder | null;
  /** No more rows than this, in all. */
  readonly maxRows: number;
  /** Rows per statement (default 1000). */
  readonly batchSize?: number;
}

/**
 * The port through which a library reads models under the API's rules
 * (authorization, tenant and row scopes, field policies), so that an audit
 * query, an export or a report can never see more than the generated API
 * would show. @rail/schema implements it; inject `ModelReader`.
 *
 * A method taking `info` reads what the GraphQL selection asks for; the
 * others read by paths. `principal` defaults to the request's (a
 * background task passes the one it runs for).
 */
export abstract class ModelReader {
  /** The models the API serves. */
  abstract readonly registry: ModelRegistry;

  /** The rows a generated list query would return for `args`, shaped by the selection in `info`. */
  abstract list(model: ModelDefinition, args: ModelListArgs, info: GraphQLResolveInfo): Promise<Row[]>;

  /** One row as the generated single query would return it; `null` when absent or out of scope. */
  abstract retrieve(model: ModelDefinition, id: string, info: GraphQLResolveInfo): Promise<Row | null>;

  /** One row with every field the caller may read (no selection: REST routes), under the retrieve rules. */
  abstract findOne(model: ModelDefinition, id: string): Promise<Row | null>;

  /** Checks what `streamRows` would read (rights, fields, filter, ordering) without reading it. */
  abstract checkStream(
    model: ModelDefinition,
    paths: readonly string[],
    args: Omit<StreamArgs, 'maxRows' | 'batchSize'>,
    principal?: RailPrincipal,
  ): Promise<void>;

  /** The rows of `paths` (`name`, `category.name`), a batch at a time, under the export rules. */
  abstract streamRows(
    model: ModelDefinition,
    paths: readonly string[],
    args: StreamArgs,
    principal?: RailPrincipal,
  ): AsyncGenerator<Row[]>;

  /** One aggregate statement (GROUP BY dimensions, metrics per group) under the list rules. */
  abstract aggregate(
    model: ModelDefinition,
    query: AggregateQuery,
    principal?: RailPrincipal,
  ): Promise<AggregateResult>;
}
