import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import {
  Authenticated,
  ModelRegistry,
  RailError,
  RailErrorCode,
  RailExtensions,
  RequestContext,
  upperFirst,
  type FieldReadAccess,
  type GeneratedOperation,
  type ModelDefinition,
  type ModelOperation,
} from '@rail/core';
import { isInputObjectType, type GraphQLResolveInfo } from 'graphql';
import { FieldReadAccessKind, ModelSchema, type ModelFieldSchema } from './model-schema.types.js';

/** The operation each generated root field is authorized as. */
const AUTHORIZED_AS: Readonly<Record<GeneratedOperation, ModelOperation>> = {
  retrieve: 'retrieve',
  list: 'list',
  page: 'list',
  create: 'create',
  update: 'update',
  delete: 'delete',
  bulkCreate: 'create',
  bulkUpdate: 'update',
  bulkDelete: 'delete',
};

const READ_ACCESS: Readonly<Record<FieldReadAccess['visibility'], FieldReadAccessKind>> = {
  visible: FieldReadAccessKind.VISIBLE,
  masked: FieldReadAccessKind.MASKED,
  hidden: FieldReadAccessKind.HIDDEN,
  'per-row': FieldReadAccessKind.PER_ROW,
};

/**
 * `modelSchema(model)` and `modelSchemas`: the registry's models as the
 * caller may use them, decided by the same extension points that guard the
 * API (operations by the authorizers, fields by the field authorizers). The
 * questions are inquiries: a "no" here records no denial. A model the caller
 * may run nothing on is not shown, as if it did not exist.
 */
@Resolver()
export class ModelSchemaResolver {
  constructor(
    private readonly registry: ModelRegistry,
    private readonly extensions: RailExtensions,
    private readonly context: RequestContext,
  ) {}

  @Authenticated()
  @Query(() => ModelSchema, { description: 'One model of the API as you may use it.' })
  async modelSchema(@Args('model') name: string, @Info() info: GraphQLResolveInfo): Promise<ModelSchema> {
    const model = this.registry.models.find((candidate) => candidate.name === name);
    const schema = model ? await this.describe(model, info) : undefined;
    if (!schema)
      throw new RailError(RailErrorCode.NOT_FOUND, `No model named ${JSON.stringify(name)}`, {
        field: 'model',
      });
    return schema;
  }

  @Authenticated()
  @Query(() => [ModelSchema], { description: 'Every model of the API you may use, by name.' })
  async modelSchemas(@Info() info: GraphQLResolveInfo): Promise<ModelSchema[]> {
    const models = [...this.registry.models].sort((a, b) => a.name.localeCompare(b.name));
    const schemas = await Promise.all(models.map((model) => this.describe(model, info)));
    return schemas.filter((schema): schema is ModelSchema => schema !== undefined);
  }

  private async describe(model: ModelDefinition, info: GraphQLResolveInfo): Promise<ModelSchema | undefined> {
    const principal = this.context.principal;
    const may = async (operation: ModelOperation) =>
      (await this.extensions.authorize({ principal, model: model.name, operation, inquiry: true })).allowed;
    const authorized = new Map<ModelOperation, boolean>();
    for (const operation of new Set([...model.operations].map((generated) => AUTHORIZED_AS[generated]))) {
      authorized.set(operation, await may(operation));
    }
    const operations = [...model.operations].filter((generated) => authorized.get(AUTHORIZED_AS[generated]));
    if (operations.length === 0) return undefined;
    const actions = await Promise.all(
      model.actions.map(async (action) => ({
        name: action.name,
        mutation: `${action.name}${upperFirst(model.names.type)}`,
        description: action.description ?? null,
        allowed: await may(action.name),
      })),
    );
    return {
      name: model.name,
      description: model.description ?? null,
      plural: model.names.plural,
      operations,
      fields: await this.fields(model, info),
      relations: [...model.relations.values()].map((relation) => ({
        name: relation.property,
        target: relation.target,
        cardinality: relation.cardinality,
        nullable: relation.nullable,
      })),
      actions,
      metadata: this.registry.metadataOf(model.name),
    };
  }

  private async fields(model: ModelDefinition, info: GraphQLResolveInfo): Promise<ModelFieldSchema[]> {
    const principal = this.context.principal;
    const properties = [...model.fields.keys()];
    const request = { principal, model: model.name, fields: properties };
    const [readAccess, deniedWrites] = await Promise.all([
      this.extensions.fieldReadAccess(request),
      this.extensions.deniedWrites(request),
    ]);
    const where = info.schema.getType(model.names.where);
    const whereFields = isInputObjectType(where) ? where.getFields() : {};
    return [...model.fields.values()].map((field) => {
      const filter = whereFields[field.property]?.type;
      const operators = filter && isInputObjectType(filter) ? Object.keys(filter.getFields()) : [];
      const access = field.readable ? (readAccess.get(field.property)?.visibility ?? 'visible') : 'hidden';
      return {
        name: field.property,
        kind: field.kind,
        nullable: field.nullable,
        enumValues: field.enumValues ? [...field.enumValues] : null,
        filterable: field.filterable && operators.length > 0,
        filterOperators: operators,
        orderable: field.orderable,
        quickSearch: model.quickSearch.includes(field.property),
        readAccess: READ_ACCESS[access],
        writable: field.writable && !deniedWrites.has(field.property),
        description: field.description ?? null,
      };
    });
  }
}
