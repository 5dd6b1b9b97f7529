import { Args, ID, Info, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DeclareAccess, type ModelDefinition, relationValue, type Row, upperFirst } from '@rail/core';
import type { GraphQLResolveInfo } from 'graphql';
import type { ListArgs } from '../query/read.executor.js';
import type { PageArgs, SchemaRuntime } from '../schema.runtime.js';
import type { ModelTypes } from './model-types.js';

/** A generated resolver instance: its methods reach the runtime through `this`. */
export interface GeneratedResolver {
  runtime: SchemaRuntime;
}

type ResolverMethod = (this: GeneratedResolver, ...args: never[]) => unknown;

/**
 * Gives a resolver class a method of its own (decorators store metadata on the
 * function object, so methods are never shared between classes) with the
 * `design:paramtypes` that `@Args` expects.
 */
function defineMethod(
  target: object,
  key: string,
  method: ResolverMethod,
  parameterCount: number,
): PropertyDescriptor {
  Object.defineProperty(target, key, { value: method, writable: true, configurable: true });
  Reflect.defineMetadata(
    'design:paramtypes',
    Array.from({ length: parameterCount }, () => Object),
    target,
    key,
  );
  return Object.getOwnPropertyDescriptor(target, key)!;
}

/** Decorates a model's resolver class with its queries and relation fields. */
export function decorateModelResolver(
  resolver: new () => object,
  model: ModelDefinition,
  types: ModelTypes,
  typesOf: (name: string) => ModelTypes,
): void {
  const { names, operations } = model;
  const proto = resolver.prototype as object;
  Resolver(() => types.object)(resolver);
  // Every generated operation asks the model's operation authorizer (default-deny).
  DeclareAccess('model-operation')(resolver);

  if (operations.has('retrieve')) {
    const key = names.single;
    const descriptor = defineMethod(
      proto,
      key,
      function (this: GeneratedResolver, id: string, info: GraphQLResolveInfo) {
        return this.runtime.retrieve(model, id, info);
      },
      2,
    );
    Query(() => types.object, {
      name: key,
      nullable: true,
      description: `One ${names.type} by id; null when it does not exist or is not visible.`,
    })(proto, key, descriptor);
    Args('id', { type: () => ID })(proto, key, 0);
    Info()(proto, key, 1);
  }

  if (operations.has('list')) {
    const key = names.plural;
    const descriptor = defineMethod(
      proto,
      key,
      function (
        this: GeneratedResolver,
        where: ListArgs['where'],
        orderBy: ListArgs['orderBy'],
        offset: number,
        limit: number,
        info: GraphQLResolveInfo,
      ) {
        return this.runtime.list(model, { where, orderBy, offset, limit }, info);
      },
      5,
    );
    Query(() => [types.object], {
      name: key,
      description: `${names.type} rows, filtered, ordered and sliced.`,
    })(proto, key, descriptor);
    Args('where', { type: () => types.where, nullable: true })(proto, key, 0);
    Args('orderBy', { type: () => [types.orderBy], nullable: true })(proto, key, 1);
    Args('offset', { type: () => Int, defaultValue: 0 })(proto, key, 2);
    Args('limit', { type: () => Int, defaultValue: 20 })(proto, key, 3);
    Info()(proto, key, 4);
  }

  if (operations.has('page')) {
    const key = names.page;
    const descriptor = defineMethod(
      proto,
      key,
      function (
        this: GeneratedResolver,
        where: PageArgs['where'],
        orderBy: PageArgs['orderBy'],
        page: number,
        perPage: number,
        info: GraphQLResolveInfo,
      ) {
        return this.runtime.page(model, { where, orderBy, page, perPage }, info);
      },
      5,
    );
    Query(() => types.page, { name: key, description: `A page of ${names.type} rows with totals.` })(
      proto,
      key,
      descriptor,
    );
    Args('where', { type: () => types.where, nullable: true })(proto, key, 0);
    Args('orderBy', { type: () => [types.orderBy], nullable: true })(proto, key, 1);
    Args('page', { type: () => Int, defaultValue: 1 })(proto, key, 2);
    Args('perPage', { type: () => Int, defaultValue: 20 })(proto, key, 3);
    Info()(proto, key, 4);
  }

  decorateMutations(proto, model, types);

  for (const relation of model.relations.values()) {
    const target = typesOf(relation.target);
    const key = `resolve${relation.property}`;
    const descriptor = defineMethod(
      proto,
      key,
      // The value was read with the parent (joined or batched); this only hands it over.
      function (parent: Row, info: GraphQLResolveInfo) {
        const value = relationValue(parent, info.path.key as string);
        return relation.cardinality === 'many' ? (value ?? []) : (value ?? null);
      },
      relation.cardinality === 'many' ? 5 : 2,
    );
    if (relation.cardinality === 'one') {
      ResolveField(relation.property, () => target.object, { nullable: true })(proto, key, descriptor);
      Parent()(proto, key, 0);
      Info()(proto, key, 1);
    } else {
      ResolveField(relation.property, () => [target.object], {
        description: `At most \`limit\` related rows per ${names.type}.`,
      })(proto, key, descriptor);
      Parent()(proto, key, 0);
      Info()(proto, key, 1);
      Args('where', { type: () => target.where, nullable: true })(proto, key, 2);
      Args('orderBy', { type: () => [target.orderBy], nullable: true })(proto, key, 3);
      Args('limit', { type: () => Int, nullable: true })(proto, key, 4);
    }
  }
}

type Input = Record<string, unknown>;

function decorateMutations(proto: object, model: ModelDefinition, types: ModelTypes): void {
  const { names, operations } = model;
  const plural = upperFirst(names.plural);
  const mutation = (
    key: string,
    payload: new () => object,
    description: string,
    method: ResolverMethod,
    args: ReadonlyArray<readonly [string, () => unknown]>,
  ): void => {
    const descriptor = defineMethod(proto, key, method, args.length + 1);
    // Nullable, so that one refused mutation of a request does not null the others' results.
    Mutation(() => payload, { name: key, description, nullable: true })(proto, key, descriptor);
    for (const [index, [name, type]] of args.entries())
      Args(name, { type: type as () => new () => object })(proto, key, index);
    Info()(proto, key, args.length);
  };

  if (operations.has('create')) {
    mutation(
      `create${names.type}`,
      types.payload,
      `Creates a ${names.type}, with nested writes, in one transaction.`,
      function (this: GeneratedResolver, input: Input, info: GraphQLResolveInfo) {
        return this.runtime.writes.create(model, input, info);
      },
      [['input', () => types.createInput]],
    );
  }
  if (operations.has('update')) {
    mutation(
      `update${names.type}`,
      types.payload,
      `Changes a ${names.type}, with nested writes, in one transaction.`,
      function (this: GeneratedResolver, id: string, input: Input, info: GraphQLResolveInfo) {
        return this.runtime.writes.update(model, id, input, info);
      },
      [
        ['id', () => ID],
        ['input', () => types.updateInput],
      ],
    );
  }
  if (operations.has('delete')) {
    mutation(
      `delete${names.type}`,
      types.payload,
      `Deletes a ${names.type}; the payload shows it as it was.`,
      function (this: GeneratedResolver, id: string, info: GraphQLResolveInfo) {
        return this.runtime.writes.delete(model, id, info);
      },
      [['id', () => ID]],
    );
  }
  if (operations.has('bulkCreate')) {
    mutation(
      `bulkCreate${plural}`,
      types.bulkPayload,
      `Creates several ${names.plural}: all or nothing.`,
      function (this: GeneratedResolver, inputs: Input[], info: GraphQLResolveInfo) {
        return this.runtime.writes.bulkCreate(model, inputs, info);
      },
      [['inputs', () => [types.createInput]]],
    );
  }
  if (operations.has('bulkUpdate')) {
    mutation(
      `bulkUpdate${plural}`,
      types.bulkPayload,
      `Changes several ${names.plural}: all or nothing.`,
      function (
        this: GeneratedResolver,
        inputs: Array<{ id: string; data: Input }>,
        info: GraphQLResolveInfo,
      ) {
        return this.runtime.writes.bulkUpdate(model, inputs, info);
      },
      [['inputs', () => [types.bulkUpdateItem]]],
    );
  }
  if (operations.has('bulkDelete')) {
    mutation(
      `bulkDelete${plural}`,
      types.bulkPayload,
      `Deletes several ${names.plural}: all or nothing.`,
      function (this: GeneratedResolver, ids: string[], info: GraphQLResolveInfo) {
        return this.runtime.writes.bulkDelete(model, ids, info);
      },
      [['ids', () => [ID]]],
    );
  }
  for (const action of model.actions) {
    mutation(
      `${action.name}${names.type}`,
      types.payload,
      action.description ?? `Runs the ${action.name} action on a ${names.type}.`,
      function (this: GeneratedResolver, id: string, info: GraphQLResolveInfo) {
        return this.runtime.writes.action(model, action, id, info);
      },
      [['id', () => ID]],
    );
  }
}
