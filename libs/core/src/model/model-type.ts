import { graphQLModelOptions } from './graphql-model.decorator.js';
import { namedClass } from './named-class.js';

type Ctor = new () => object;

// Object type classes are made on first use, so that hand-written resolvers
// can name a generated type at import time (`@Resolver(() => modelType(Product))`),
// before the schema library decorates it at start-up.
const objectTypes = new Map<string, Ctor>();

/** The one class of the GraphQL object type named `name`, made on first use. */
export function objectTypeClass(name: string): Ctor {
  let type = objectTypes.get(name);
  if (!type) {
    type = namedClass(name);
    objectTypes.set(name, type);
  }
  return type;
}

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
