import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { relationValue, type Row } from '../query/relation-values.js';
import type { ModelRegistry } from '../registry/model-registry.js';

const toOne: GraphQLFieldResolver<Row, unknown> = (parent, _args, _context, info) =>
  relationValue(parent, info.path.key as string) ?? null;
const toMany: GraphQLFieldResolver<Row, unknown> = (parent, _args, _context, info) =>
  relationValue(parent, info.path.key as string) ?? [];

/**
 * Relation fields only hand over values the root resolver already read, once
 * per row: they get plain resolvers instead of Nest's per-call pipeline
 * (guards, interceptors, pipes), which would cost more than the field itself.
 * Their schema shape (arguments) still comes from the generated decorators.
 */
export function useDirectRelationResolvers(schema: GraphQLSchema, registry: ModelRegistry): GraphQLSchema {
  for (const model of registry.models) {
    const type = schema.getType(model.names.type);
    if (!isObjectType(type)) continue;
    const fields = type.getFields();
    for (const relation of model.relations.values()) {
      const field = fields[relation.property];
      if (field) field.resolve = relation.cardinality === 'many' ? toMany : toOne;
    }
  }
  return schema;
}
