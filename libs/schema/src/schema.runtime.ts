import { RequestContext, type RailExtensions } from '@rail/core';
import type { GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';
import type { DataSource } from 'typeorm';
import type { ResolvedSchemaOptions } from './rail-schema.options.js';
import type { ModelDefinition } from './registry/model-definition.js';
import type { ModelRegistry } from './registry/model-registry.js';
import { AccessContext } from './query/access-context.js';
import { ReadExecutor, type ListArgs, type ReadDeps } from './query/read.executor.js';
import { childTree, readSelectionOf } from './query/read-selection.js';
import type { Row } from './query/relation-values.js';
import { sqlDialectFor } from './query/sql-dialect.js';
import { RailError, RailErrorCode } from '@rail/core';

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

/** Merges the sub-trees of every alias of one field, so a single read serves them all. */
function mergedTree(trees: ResolveTree[]): ResolveTree | undefined {
  if (trees.length <= 1) return trees[0];
  const fieldsByTypeName: ResolveTree['fieldsByTypeName'] = {};
  for (const tree of trees) {
    for (const [typeName, fields] of Object.entries(tree.fieldsByTypeName)) {
      fieldsByTypeName[typeName] = { ...fieldsByTypeName[typeName], ...fields };
    }
  }
  return { ...trees[0]!, fieldsByTypeName };
}

/** What the generated resolvers call: the request's access context and the read and write paths. */
export class SchemaRuntime {
  readonly deps: ReadDeps;

  constructor(
    dataSource: DataSource,
    readonly registry: ModelRegistry,
    readonly options: ResolvedSchemaOptions,
    private readonly extensions: RailExtensions,
    private readonly requestContext: RequestContext,
  ) {
    this.deps = { dataSource, dialect: sqlDialectFor(dataSource), registry, options };
  }

  access(): AccessContext {
    return new AccessContext(this.extensions, this.requestContext.principal);
  }

  reader(access = this.access()): ReadExecutor {
    return new ReadExecutor(this.deps, access);
  }

  list(model: ModelDefinition, args: ListArgs, info: GraphQLResolveInfo): Promise<Row[]> {
    const selection = readSelectionOf(model, this.registry, parseResolveInfo(info) as ResolveTree);
    return this.reader().list(selection, args);
  }

  async retrieve(model: ModelDefinition, id: string, info: GraphQLResolveInfo): Promise<Row | null> {
    const selection = readSelectionOf(model, this.registry, parseResolveInfo(info) as ResolveTree);
    const rows = await this.reader().list(
      selection,
      { where: { [model.primaryKey.property]: { eq: id } }, limit: 1 },
      'retrieve',
    );
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
    const itemsTree = mergedTree(
      childTree(parseResolveInfo(info) as ResolveTree, `${model.names.type}Page`, 'items'),
    );
    const items = itemsTree
      ? await reader.list(readSelectionOf(model, this.registry, itemsTree), {
          where: args.where,
          orderBy: args.orderBy,
          offset: (currentPage - 1) * perPage,
          limit: perPage,
        })
      : [];
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
