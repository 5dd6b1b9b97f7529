import { isObjectType, responsePathAsArray, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { type ModelRegistry, relationValue, type Row, withheldOf, type Withholding } from '@rail/core';

const toOne: GraphQLFieldResolver<Row, unknown> = (parent, _args, _context, info) =>
  relationValue(parent, info.path.key as string) ?? null;
const toMany: GraphQLFieldResolver<Row, unknown> = (parent, _args, _context, info) =>
  relationValue(parent, info.path.key as string) ?? [];

/**
 * Relation fields only hand over values the root resolver already read, once
 * per row: they get plain resolvers instead of Nest's per-call pipeline
 * (guards, interceptors, pipes), which would cost more than the field itself.
 * Their schema shape (arguments) still comes from the generated decorators.
 * Fields that may be withheld also report the response path of each value
 * that was (`customers.0.email`), for `extensions.withheldFields`.
 */
export function useDirectFieldResolvers(
  schema: GraphQLSchema,
  registry: ModelRegistry,
  onWithheld: (path: string, visibility: Withholding) => void,
): GraphQLSchema {
  for (const model of registry.models) {
    const type = schema.getType(model.names.type);
    if (!isObjectType(type)) continue;
    const fields = type.getFields();
    for (const relation of model.relations.values()) {
      const field = fields[relation.property];
      if (field) field.resolve = relation.cardinality === 'many' ? toMany : toOne;
    }
    for (const definition of model.fields.values()) {
      const field = fields[definition.property];
      if (!field || !definition.withholdable) continue;
      const property = definition.property;
      field.resolve = (parent: Row, _args, _context, info) => {
        const withheld = withheldOf(parent, property);
        if (withheld) onWithheld(responsePathAsArray(info.path).join('.'), withheld);
        return parent[property];
      };
    }
  }
  return schema;
}
