import { Injectable } from '@nestjs/common';
import type { GraphQLSchema } from 'graphql';

export type GraphqlSchemaTransform = (schema: GraphQLSchema) => GraphQLSchema;

/**
 * Changes libraries make to the built GraphQL schema, applied in registration
 * order once GraphQLModule has generated it (for example plain, Nest-free
 * resolvers on hot fields).
 */
@Injectable()
export class GraphqlSchemaTransforms {
  private readonly transforms: GraphqlSchemaTransform[] = [];

  register(transform: GraphqlSchemaTransform): void {
    this.transforms.push(transform);
  }

  apply(schema: GraphQLSchema): GraphQLSchema {
    return this.transforms.reduce((current, transform) => transform(current), schema);
  }
}
