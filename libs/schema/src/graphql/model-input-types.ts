import { Field, ID, InputType } from '@nestjs/graphql';
import {
  namedClass,
  type FieldDefinition,
  type ModelDefinition,
  type ModelRegistry,
  type RelationDefinition,
} from '@rail/core';
import type { GraphQLScalarType } from 'graphql';
import { field, type Ctor } from './field-decorator.js';
import type { ModelTypes } from './model-types.js';

export const ToOneConnectInput = namedClass('ConnectInput');
InputType({ description: 'Links a to-one relation to an existing row.' })(ToOneConnectInput);
Field(() => ID, {
  nullable: true,
  description: 'The id of the row to link; null unlinks an optional relation.',
})(ToOneConnectInput.prototype as object, 'connect');

/** The create, update and bulk-update inputs of a model, with its nested relation writes. */
export function decorateInputs(
  model: ModelDefinition,
  types: ModelTypes,
  lookup: (name: string) => ModelTypes,
  registry: ModelRegistry,
  scalar: (definition: FieldDefinition) => GraphQLScalarType | object | typeof String,
): void {
  const { names } = model;
  const writable = [...model.fields.values()].filter((definition) => definition.writable);
  const foreignKeys = new Map(
    [...model.relations.values()].filter((r) => r.cardinality === 'one').map((r) => [r.foreignKey, r]),
  );

  InputType(names.createInput, { description: `A new ${names.type}.` })(types.createInput);
  InputType(names.updateInput, {
    description: `Changes to a ${names.type}; fields left out stay as they are.`,
  })(types.updateInput);
  for (const definition of writable) {
    // A required key may also be given through its relation's `connect`, so it is optional in the schema.
    const required = !definition.optionalOnCreate && !foreignKeys.has(definition.property);
    field(types.createInput, definition.property, () => scalar(definition), { nullable: !required });
    field(types.updateInput, definition.property, () => scalar(definition), { nullable: true });
  }
  for (const relation of model.relations.values()) {
    const target = registry.get(relation.target);
    if (relation.cardinality === 'one') {
      if (!model.fields.get(relation.foreignKey)?.writable) continue;
      field(types.createInput, relation.property, () => ToOneConnectInput, { nullable: true });
      field(types.updateInput, relation.property, () => ToOneConnectInput, { nullable: true });
    } else if (target.operations.has('create')) {
      const input = types.relationInputs.get(relation.property)!;
      decorateRelationInput(relation, input, lookup(relation.target));
      field(types.createInput, relation.property, () => input, { nullable: true });
      field(types.updateInput, relation.property, () => input, { nullable: true });
    }
  }

  InputType(`BulkUpdate${names.type}Input`, { description: `One row of a bulk update.` })(
    types.bulkUpdateItem,
  );
  field(types.bulkUpdateItem, 'id', () => ID);
  field(types.bulkUpdateItem, 'data', () => types.updateInput);
}

function decorateRelationInput(relation: RelationDefinition, input: Ctor, target: ModelTypes): void {
  InputType(input.name, {
    description: `Writes to the ${relation.property} of a row, in the same transaction.`,
  })(input);
  field(input, 'create', () => [target.createInput], {
    nullable: true,
    description: 'New rows, linked to this one.',
  });
  field(input, 'connect', () => [ID], {
    nullable: true,
    description: 'Existing rows to link to this one.',
  });
  field(input, 'disconnect', () => [ID], {
    nullable: true,
    description: 'Rows to unlink (only when the link is optional).',
  });
  field(input, 'set', () => [ID], {
    nullable: true,
    description: 'Exactly these rows stay linked (only when the link is optional).',
  });
  field(input, 'delete', () => [ID], { nullable: true, description: 'Linked rows to delete.' });
}
