import {
  type AggregateQuery,
  type AggregateResult,
  ModelReader,
  type ModelDefinition,
  type ModelRegistry,
  RailError,
  RailErrorCode,
  type RailExtensions,
  type RailPrincipal,
  type RequestContext,
  type Row,
  type StreamArgs,
} from '@rail/core';
import type { GraphQLResolveInfo } from 'graphql';
import type { DataSource } from 'typeorm';
import type { ResolvedSchemaOptions } from './rail-schema.options.js';
import { AccessContext } from './query/access-context.js';
import { DecisionCache } from './query/decision-cache.js';
import { ReadPlanCache } from './query/read-plan-cache.js';
import { ReadExecutor, type ListArgs, type ReadDeps } from './query/read.executor.js';
import { AggregateExecutor } from './query/aggregate.executor.js';
import {
  childTree,
  readSelectionOf,
  readSelectionOfPaths,
  type ReadSelection,
} from './query/read-selection.js';
import { sqlDialectFor } from './query/sql-dialect.js';
import { mergedTree } from './query/merged-tree.js';
import { RequestSelections } from './query/request-selection.js';
import { SchemaWrites } from './schema-writes.js';

export interface PageArgs {
  readonly where?: Readonly<Record<string, unknown>> | null;
  readonly orderBy?: ReadonlyArray<Readonly<Record<string, unknown>>> | null;
  readonly page?: number | null;
  readonly perPage?: number | null;
}

export interface PageResult {
  readonly items: Row[];
  readonly pageInfo: {
    totalCount: number;
    pageCount: number;
    currentPage: number;
    perPage: number;
    hasNextPage: boolean;
    hasPreviousPage: boolean;
  };
}

/**
 * What the generated resolvers call: the request's access context and the
 * read and write paths. It is also the suite's `ModelReader`, through which
 * the other libraries read.
 */
export class SchemaRuntime extends ModelReader {
  readonly deps: ReadDeps;
  /** The generated mutations. */
  readonly writes: SchemaWrites;
  /** Compiled reads shared by the requests of one principal shape; its counters show reuse. */
  readonly plans: ReadPlanCache;
  /** Planning decisions shared by the requests of one principal shape. */
  private readonly decisionCache: DecisionCache;
  /** What each generated read's document selects, worked out once per document. */
  private readonly selections: RequestSelections;

  constructor(
    dataSource: DataSource,
    readonly registry: ModelRegistry,
    readonly options: ResolvedSchemaOptions,
    private readonly extensions: RailExtensions,
    private readonly requestContext: RequestContext,
  ) {
    super();
    this.plans = new ReadPlanCache(options.planCacheTtlMs, options.planCacheSize);
    this.deps = { dataSource, dialect: sqlDialectFor(dataSource), registry, options, plans: this.plans };
    this.decisionCache = new DecisionCache(options.planCacheTtlMs, options.planCacheSize);
    this.selections = new RequestSelections();
    this.writes = new SchemaWrites(
      this.deps,
      extensions,
      () => this.access(),
      (access) => this.reader(access),
    );
  }

  access(principal: RailPrincipal | undefined = this.requestContext.principal): AccessContext {
    return new AccessContext(this.extensions, principal, this.decisionCache.for(principal));
  }

  /**
   * The rows of `paths` (`name`, `category.name`), a batch at a time, under
   * the `export` operation's rules (authorization, scopes, field policies:
   * masked values come masked): for streaming outputs whose memory must not
   * grow with the row count. `principal` defaults to the request's (a
   * background task passes the one it runs for).
   */
  /**
   * One aggregate statement over a model (GROUP BY dimensions, metrics per
   * group) under the list operation's rules: for reports.
   */
  aggregate(
    model: ModelDefinition,
    query: AggregateQuery,
    principal: RailPrincipal | undefined = this.requestContext.principal,
  ): Promise<AggregateResult> {
    return new AggregateExecutor(this.deps, this.access(principal)).run(model, query);
  }

  /** Checks what `streamRows` would read (rights, fields, filter, ordering) without reading it. */
  async checkStream(
    model: ModelDefinition,
    paths: readonly string[],
    args: Omit<StreamArgs, 'maxRows' | 'batchSize'>,
    principal: RailPrincipal | undefined = this.requestContext.principal,
  ): Promise<void> {
    const selection = readSelectionOfPaths(model, this.registry, paths);
    await this.reader(this.access(principal)).check(selection, args, 'export');
  }

  /**
   * Reads rows in batches for a stream (exports). Ordered by the primary key
   * alone (or by nothing, which orders by it), each batch continues after the
   * last key it read ("keyset" paging): every statement reads one batch,
   * however far the stream is. Any other ordering pages by offset.
   */
  async *streamRows(
    model: ModelDefinition,
    paths: readonly string[],
    args: StreamArgs,
    principal: RailPrincipal | undefined = this.requestContext.principal,
  ): AsyncGenerator<Row[]> {
    const selection = readSelectionOfPaths(model, this.registry, paths);
    const batchSize = args.batchSize ?? 1000;
    const reader = this.reader(this.access(principal));
    const keyset = keysetDirection(model, args.orderBy);
    const key = model.primaryKey.property;
    let offset = 0;
    let after: unknown;
    let read = 0;
    while (read < args.maxRows) {
      const limit = Math.min(batchSize, args.maxRows - read);
      const where =
        keyset && after !== undefined
          ? { AND: [args.where ?? {}, { [key]: { [keyset === 'ASC' ? 'gt' : 'lt']: after } }] }
          : args.where;
      const rows = await reader.list(
        selection,
        { where, orderBy: args.orderBy, offset: keyset ? 0 : offset, limit },
        'export',
        batchSize,
      );
      if (rows.length > 0) yield rows;
      if (rows.length < limit) return;
      read += rows.length;
      offset += rows.length;
      after = rows[rows.length - 1][key];
    }
  }

  reader(access = this.access()): ReadExecutor {
    return new ReadExecutor(this.deps, access);
  }

  async list(model: ModelDefinition, args: ListArgs, info: GraphQLResolveInfo): Promise<Row[]> {
    const selection = this.selections.selectionOf(model, this.registry, this.selections.treeOf(info));
    const rows = await this.reader().list(selection, args);
    await this.notifyRead(model, 'list', rows, args.where);
    return rows;
  }

  /** Tells the read observers (read auditing) which rows a top-level query returned. */
  private async notifyRead(
    model: ModelDefinition,
    operation: 'list' | 'retrieve',
    rows: readonly Row[],
    where?: Readonly<Record<string, unknown>> | null,
  ): Promise<void> {
    const observers = this.extensions.readObservers;
    if (observers.length === 0) return;
    const entityIds = rows.map((row) => String(row[model.primaryKey.property] as string | number));
    const event = {
      principal: this.requestContext.principal,
      model: model.name,
      operation,
      entityIds,
      where,
    };
    for (const observer of observers) await observer.afterRead(event);
  }

  async retrieve(model: ModelDefinition, id: string, info: GraphQLResolveInfo): Promise<Row | null> {
    const selection = this.selections.selectionOf(model, this.registry, this.selections.treeOf(info));
    const access = this.access();
    const rows = await this.reader(access).list(
      selection,
      { where: { [model.primaryKey.property]: { eq: id } }, limit: 1 },
      'retrieve',
    );
    if (rows.length === 0) await access.rowNotFound(model, 'retrieve', id);
    else await this.notifyRead(model, 'retrieve', rows);
    return rows[0] ?? null;
  }

  /**
   * One row by id with every field the caller may read, for callers without a
   * GraphQL selection (REST routes): the same authorization, scopes and field
   * policies as `retrieve`. `null` when it does not exist or is out of scope.
   */
  async findOne(model: ModelDefinition, id: string): Promise<Row | null> {
    const selection: ReadSelection = {
      model,
      scalars: [...model.fields.values()].filter((field) => field.readable).map((field) => field.property),
      toOne: [],
      toMany: [],
    };
    const access = this.access();
    const rows = await this.reader(access).list(
      selection,
      { where: { [model.primaryKey.property]: { eq: id } }, limit: 1 },
      'retrieve',
    );
    if (rows.length === 0) await access.rowNotFound(model, 'retrieve', id);
    else await this.notifyRead(model, 'retrieve', rows);
    return rows[0] ?? null;
  }

  async page(model: ModelDefinition, args: PageArgs, info: GraphQLResolveInfo): Promise<PageResult> {
    const perPage = args.perPage ?? 20;
    const requested = args.page ?? 1;
    if (requested < 1)
      throw new RailError(RailErrorCode.BAD_USER_INPUT, `page must be 1 or more, received ${requested}`);
    const reader = this.reader();
    reader.validatePaging(0, perPage, 'perPage');
    const totalCount = await reader.count(model, args.where);
    const pageCount = perPage === 0 ? 0 : Math.ceil(totalCount / perPage);
    // Past the end is clamped to the last page; no rows is page 1 of 0.
    const currentPage = Math.max(1, Math.min(requested, pageCount));
    const itemsTree = mergedTree(childTree(this.selections.treeOf(info), `${model.names.type}Page`, 'items'));
    const items = itemsTree
      ? await reader.list(readSelectionOf(model, this.registry, itemsTree), {
          where: args.where,
          orderBy: args.orderBy,
          offset: (currentPage - 1) * perPage,
          limit: perPage,
        })
      : [];
    await this.notifyRead(model, 'list', items, args.where);
    return {
      items,
      pageInfo: {
        totalCount,
        pageCount,
        currentPage,
        perPage,
        hasNextPage: currentPage < pageCount,
        hasPreviousPage: currentPage > 1,
      },
    };
  }
}

/** The direction of an ordering by the primary key alone (none: the key ascending), or `undefined`. */
function keysetDirection(model: ModelDefinition, orderBy: StreamArgs['orderBy']): 'ASC' | 'DESC' | undefined {
  const entries: ReadonlyArray<Readonly<Record<string, unknown>>> =
    orderBy && orderBy.length > 0
      ? orderBy
      : model.defaultOrder.map(([property, direction]) => ({ [property]: direction }));
  if (entries.length === 0) return 'ASC';
  if (entries.length !== 1) return undefined;
  const [[property, direction] = []] = Object.entries(entries[0]).filter(
    ([, value]) => value !== undefined && value !== null,
  );
  if (property !== model.primaryKey.property) return undefined;
  return direction === 'ASC' || direction === 'DESC' ? direction : undefined;
}
