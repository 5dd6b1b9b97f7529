import 'reflect-metadata';

export type GeneratedOperation =
  'retrieve' | 'list' | 'page' | 'create' | 'update' | 'delete' | 'bulkCreate' | 'bulkUpdate' | 'bulkDelete';

export const ALL_OPERATIONS: readonly GeneratedOperation[] = [
  'retrieve',
  'list',
  'page',
  'create',
  'update',
  'delete',
  'bulkCreate',
  'bulkUpdate',
  'bulkDelete',
];

export type SortDirectionName = 'ASC' | 'DESC';

export interface GraphQLModelOptions {
  /** GraphQL type name; defaults to the entity class name. */
  name?: string;
  /** Name of the list query; defaults to the plural of the type name (`products`). */
  plural?: string;
  description?: string;
  /** Operations to generate; defaults to all of them. */
  operations?: readonly GeneratedOperation[];
  /** Text fields `quick` searches; defaults to every readable string field. */
  quickSearch?: readonly string[];
  /** Order when the client gives none (the primary key always breaks ties). */
  defaultOrder?: ReadonlyArray<Readonly<Record<string, SortDirectionName>>>;
}

const GRAPHQL_MODEL = Symbol('rail:graphql-model');

/**
 * Configures how an entity appears in the generated GraphQL API.
 *
 * @example
 * @GraphQLModel({ name: 'Order', quickSearch: ['reference'] })
 * @Entity({ name: 'customer_order' })
 * export class Order { ... }
 */
export function GraphQLModel(options: GraphQLModelOptions = {}): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(GRAPHQL_MODEL, options, target);
  };
}

export function graphQLModelOptions(target: abstract new (...args: never[]) => unknown): GraphQLModelOptions {
  return (Reflect.getMetadata(GRAPHQL_MODEL, target) as GraphQLModelOptions | undefined) ?? {};
}
