// @nestjs/graphql's own metadata keys (graphql.constants): which root type a handler serves, under what name.
const RESOLVER_TYPE = 'graphql:resolver_type';
const RESOLVER_NAME = 'graphql:resolver_name';
const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * The root field a resolver method serves (`Query.storeStats`), or undefined
 * for field resolvers, controllers and plain methods.
 */
export function rootFieldOf(handler: object, methodName: string): string | undefined {
  const rootType = Reflect.getMetadata(RESOLVER_TYPE, handler) as unknown;
  if (typeof rootType !== 'string' || !ROOT_TYPES.has(rootType)) return undefined;
  const name = Reflect.getMetadata(RESOLVER_NAME, handler) as unknown;
  return `${rootType}.${typeof name === 'string' ? name : methodName}`;
}
