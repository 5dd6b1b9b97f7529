import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import {
  DateTimeScalar,
  enumValueName,
  namedClass,
  objectTypeClass,
  SortDirection,
  upperFirst,
  type FieldDefinition,
  type ModelDefinition,
  type ModelRegistry,
} from '@rail/core';
import { GraphQLJSON } from 'graphql-scalars';
import type { GraphQLScalarType } from 'graphql';
import { DateScalar } from './date.scalar.js';
import { decorateInputs } from './model-input-types.js';
import { field, type Ctor } from './field-decorator.js';
import { DecimalScalar } from './decimal.scalar.js';
import {
  BooleanFilter,
  DateFilter,
  DateTimeFilter,
  DecimalFilter,
  FieldError,
  FloatFilter,
  IDFilter,
  IntFilter,
  PageInfo,
  StringFilter,
} from './shared-types.js';

/** The generated GraphQL classes of one model. */
export interface ModelTypes {
  readonly object: Ctor;
  readonly where: Ctor;
  readonly listFilter: Ctor;
  readonly orderBy: Ctor;
  readonly page: Ctor;
  readonly createInput: Ctor;
  readonly updateInput: Ctor;
  readonly bulkUpdateItem: Ctor;
  readonly payload: Ctor;
  readonly bulkPayload: Ctor;
  /** Per to-many relation of this model: the nested write input (`create`, `connect`, …). */
  readonly relationInputs: ReadonlyMap<string, Ctor>;
  readonly enums: ReadonlyMap<string, object>;
}

function scalarOf(
  field: FieldDefinition,
  enums: ReadonlyMap<string, object>,
): GraphQLScalarType | object | typeof String {
  switch (field.kind) {
    case 'id':
      return ID;
    case 'int':
      return Int;
    case 'float':
      return Number;
    case 'decimal':
      return DecimalScalar;
    case 'boolean':
      return Boolean;
    case 'datetime':
      return DateTimeScalar;
    case 'date':
      return DateScalar;
    case 'json':
      return GraphQLJSON;
    case 'enum':
      return enums.get(field.property)!;
    default:
      return String;
  }
}

const filterByKind: Readonly<Record<string, Ctor>> = {
  id: IDFilter,
  string: StringFilter,
  int: IntFilter,
  float: FloatFilter,
  decimal: DecimalFilter,
  boolean: BooleanFilter,
  datetime: DateTimeFilter,
  date: DateFilter,
};

// One enum filter class per enum type, made once per process.
const enumFilters = new Map<string, Ctor>();
function enumFilterFor(name: string, enumType: object): Ctor {
  const existing = enumFilters.get(name);
  if (existing) return existing;
  const filter = namedClass(`${name}Filter`);
  InputType({ description: `Conditions on a ${name}.` })(filter);
  Field(() => enumType, { nullable: true })(filter.prototype as object, 'eq');
  Field(() => enumType, { nullable: true })(filter.prototype as object, 'neq');
  Field(() => [enumType], { nullable: true })(filter.prototype as object, 'in');
  Field(() => [enumType], { nullable: true })(filter.prototype as object, 'notIn');
  Field(() => Boolean, { nullable: true })(filter.prototype as object, 'isNull');
  enumFilters.set(name, filter);
  return filter;
}

/**
 * Creates and decorates the GraphQL classes of every model. TypeGraphQL-style
 * metadata is process-global, so each model's classes are made once per
 * process and reused by every app built in it (tests build several).
 */
export class ModelTypeFactory {
  private static readonly built = new Map<string, ModelTypes>();

  static build(registry: ModelRegistry): ReadonlyMap<string, ModelTypes> {
    const pending = registry.models.filter((model) => !ModelTypeFactory.built.has(model.name));
    const shells = new Map(pending.map((model) => [model.name, ModelTypeFactory.shells(model)]));
    const lookup = (name: string): ModelTypes => shells.get(name) ?? ModelTypeFactory.built.get(name)!;
    for (const model of pending) ModelTypeFactory.decorate(model, lookup(model.name), lookup, registry);
    for (const [name, types] of shells) ModelTypeFactory.built.set(name, types);
    return new Map(registry.models.map((model) => [model.name, lookup(model.name)]));
  }

  private static shells(model: ModelDefinition): ModelTypes {
    const { names } = model;
    const enums = new Map<string, object>();
    for (const definition of model.fields.values()) {
      if (definition.kind !== 'enum' || !definition.enumName) continue;
      const values = Object.fromEntries(
        (definition.enumValues ?? []).map((value) => [enumValueName(value), value]),
      );
      registerEnumType(values, { name: definition.enumName });
      enums.set(definition.property, values);
    }
    const relationInputs = new Map<string, Ctor>();
    for (const relation of model.relations.values()) {
      if (relation.cardinality === 'many') {
        relationInputs.set(
          relation.property,
          namedClass(`${names.type}${upperFirst(relation.property)}RelationInput`),
        );
      }
    }
    return {
      object: objectTypeClass(names.type),
      where: namedClass(names.where),
      listFilter: namedClass(`${names.type}ListFilter`),
      orderBy: namedClass(names.orderBy),
      page: namedClass(`${names.type}Page`),
      createInput: namedClass(names.createInput),
      updateInput: namedClass(names.updateInput),
      bulkUpdateItem: namedClass(`BulkUpdate${names.type}Input`),
      payload: namedClass(names.payload),
      bulkPayload: namedClass(names.bulkPayload),
      relationInputs,
      enums,
    };
  }

  private static decorate(
    model: ModelDefinition,
    types: ModelTypes,
    lookup: (name: string) => ModelTypes,
    registry: ModelRegistry,
  ): void {
    const { names } = model;
    const fields = [...model.fields.values()];
    const scalar = (definition: FieldDefinition) => scalarOf(definition, types.enums);

    // Object type: readable scalar fields; relations are added by the resolver builder (they take arguments).
    ObjectType(names.type, { description: model.description })(types.object);
    for (const definition of fields.filter((candidate) => candidate.readable)) {
      field(types.object, definition.property, () => scalar(definition), {
        nullable: definition.nullable || definition.withholdable,
        description: definition.description,
      });
    }

    // Where: one typed filter per filterable field, relation filters, AND/OR/NOT, quick search.
    InputType(names.where, { description: `Conditions on ${names.plural}; keys in one object are ANDed.` })(
      types.where,
    );
    for (const definition of fields.filter((candidate) => candidate.filterable)) {
      const filter =
        definition.kind === 'enum'
          ? enumFilterFor(definition.enumName!, types.enums.get(definition.property)!)
          : filterByKind[definition.kind];
      if (filter) field(types.where, definition.property, () => filter, { nullable: true });
    }
    for (const relation of model.relations.values()) {
      const target = lookup(relation.target);
      field(
        types.where,
        relation.property,
        () => (relation.cardinality === 'one' ? target.where : target.listFilter),
        {
          nullable: true,
        },
      );
    }
    field(types.where, 'AND', () => [types.where], { nullable: true, description: 'Every condition holds.' });
    field(types.where, 'OR', () => [types.where], {
      nullable: true,
      description: 'Any condition holds; an empty list matches nothing.',
    });
    field(types.where, 'NOT', () => types.where, {
      nullable: true,
      description: 'The condition does not hold.',
    });
    if (model.quickSearch.length > 0) {
      field(types.where, 'quick', () => String, {
        nullable: true,
        description: `Case-insensitive search in ${model.quickSearch.join(', ')}.`,
      });
    }

    InputType(`${names.type}ListFilter`, { description: `Conditions on a list of ${names.plural}.` })(
      types.listFilter,
    );
    field(types.listFilter, 'some', () => types.where, {
      nullable: true,
      description: 'At least one related row matches.',
    });
    field(types.listFilter, 'every', () => types.where, {
      nullable: true,
      description: 'Every related row matches (true when there are none).',
    });
    field(types.listFilter, 'none', () => types.where, {
      nullable: true,
      description: 'No related row matches.',
    });

    InputType(names.orderBy, { description: `One sort key of ${names.plural}: set exactly one field.` })(
      types.orderBy,
    );
    for (const definition of fields.filter((candidate) => candidate.orderable)) {
      field(types.orderBy, definition.property, () => SortDirection, { nullable: true });
    }
    for (const relation of model.relations.values()) {
      if (relation.cardinality === 'one')
        field(types.orderBy, relation.property, () => lookup(relation.target).orderBy, { nullable: true });
    }

    ObjectType(`${names.type}Page`, { description: `A page of ${names.plural}.` })(types.page);
    field(types.page, 'items', () => [types.object]);
    field(types.page, 'pageInfo', () => PageInfo);

    decorateInputs(model, types, lookup, registry, scalar);

    ObjectType(names.payload, { description: `The outcome of a ${names.type} mutation.` })(types.payload);
    field(types.payload, 'ok', () => Boolean);
    field(types.payload, names.single, () => types.object, { nullable: true });
    field(types.payload, 'errors', () => [FieldError]);

    ObjectType(names.bulkPayload, {
      description: `The outcome of a bulk ${names.type} mutation: all or nothing.`,
    })(types.bulkPayload);
    field(types.bulkPayload, 'ok', () => Boolean);
    field(types.bulkPayload, names.plural, () => [types.object]);
    field(types.bulkPayload, 'errors', () => [FieldError]);
  }
}
