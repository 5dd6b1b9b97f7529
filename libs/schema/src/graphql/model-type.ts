import { graphQLModelOptions } from '../decorators/graphql-model.decorator.js';
import { objectTypeClass } from './model-types.js';

/**
 * The generated GraphQL object type of an entity, for hand-written resolvers
 * that extend it or return it. Call it lazily, inside a type function.
 *
 * @example
 * @Resolver(() => modelType(Product))
 * export class ProductExtras {
 *   @ResolveField(() => String) label(@Parent() product: { name: string }) { return product.name.toUpperCase(); }
 * }
 */
export function modelType(entity: abstract new (...args: never[]) => unknown): new () => object {
  return objectTypeClass(graphQLModelOptions(entity).name ?? entity.name);
}
