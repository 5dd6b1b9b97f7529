import type { DataSource, EntityMetadata } from 'typeorm';
import type { ModelMetadataContributor } from '../extension-points/model-metadata-contributor.js';
import { withholdableFieldsOf } from '../extension-points/withheld-field.marker.js';
import { RailConfigurationError } from '../options/rail-configuration.error.js';
import { graphQLFieldOptionsOf } from './graphql-field.decorator.js';
import { ALL_OPERATIONS, graphQLModelOptions } from './graphql-model.decorator.js';
import { ownerPathOf, permissionPrefixOf, tenantPathOf } from './model-access.decorators.js';
import { modelActionsOf } from './model-action.decorator.js';
import { fieldKindOf } from './field-kind.js';
import type { FieldDefinition, ModelDefinition, ModelNames, RelationDefinition } from './model-definition.js';
import { lowerFirst, pluralize, upperFirst } from './model-naming.js';
import { didYouMean } from '../startup/closest-name.js';

type EntityClass = abstract new (...args: never[]) => unknown;

/** What the libraries contributed about one model, by contributor key (`fieldSecurity`, `audit`, …). */
export type ContributedMetadata = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

const UNORDERABLE_KINDS = new Set(['json']);
const UNORDERABLE_TYPES = new Set(['text']);

/**
 * Every generated model, built once at start-up from TypeORM's entity
 * metadata and the Rail decorators: the single source the schema, the query
 * planner and the mutation service read.
 */
export class ModelRegistry {
  private readonly byName = new Map<string, ModelDefinition>();
  private readonly byEntity = new Map<EntityClass, ModelDefinition>();
  private contributors: () => readonly ModelMetadataContributor[] = () => [];
  private contributed?: ReadonlyMap<string, ContributedMetadata>;
  /**
   * Tenant and owner paths that lead nowhere (`Order: @TenantScoped('compnyId'): …`).
   * Reported by the core's start-up check with every other library's problems,
   * so the registry is built whole and the app stops once, naming them all.
   */
  readonly pathProblems: readonly string[];

  constructor(dataSource: DataSource, entities: readonly EntityClass[]) {
    const included = new Set<unknown>(entities);
    for (const entity of entities) {
      const model = buildModel(dataSource.getMetadata(entity), entity, included);
      if (this.byName.has(model.name)) {
        throw new RailConfigurationError(
          `Two entities are both named "${model.name}" in the GraphQL API; rename one with @GraphQLModel({ name })`,
        );
      }
      this.byName.set(model.name, model);
      this.byEntity.set(entity, model);
    }
    const pathProblems: string[] = [];
    for (const model of this.byName.values()) {
      if (model.tenantPath) pathProblems.push(...pathProblem(this, model, model.tenantPath, '@TenantScoped'));
      if (model.ownerPath) pathProblems.push(...pathProblem(this, model, model.ownerPath, '@OwnedBy'));
    }
    this.pathProblems = pathProblems;
  }

  /**
   * Where the libraries' `ModelMetadataContributor`s come from. They are found
   * when the app starts, after the registry is built, so they are asked once,
   * the first time metadata is read.
   */
  readContributorsFrom(source: () => readonly ModelMetadataContributor[]): void {
    this.contributors = source;
    this.contributed = undefined;
  }

  /** What each installed library contributed about the model (classifications, audit, exports, events). */
  metadataOf(name: string): ContributedMetadata {
    this.contributed ??= this.collect();
    return this.contributed.get(name) ?? {};
  }

  private collect(): ReadonlyMap<string, ContributedMetadata> {
    const contributors = this.contributors();
    const collected = new Map<string, ContributedMetadata>();
    for (const model of this.byName.values()) {
      const descriptor = {
        name: model.name,
        tableName: model.metadata.tableName,
        target: model.entity,
        fields: [...model.fields.keys()],
      };
      const entries = contributors.flatMap((contributor) => {
        const metadata = contributor.contribute(descriptor);
        return metadata ? [[contributor.key, metadata] as const] : [];
      });
      collected.set(model.name, Object.fromEntries(entries));
    }
    return collected;
  }

  get models(): readonly ModelDefinition[] {
    return [...this.byName.values()];
  }

  get(name: string): ModelDefinition {
    const model = this.byName.get(name);
    if (!model) throw new Error(`No generated model named ${name}`);
    return model;
  }

  forEntity(entity: EntityClass): ModelDefinition {
    const model = this.byEntity.get(entity);
    if (!model) throw new Error(`${entity.name} is not a generated model`);
    return model;
  }
}

function modelNames(type: string, plural: string | undefined): ModelNames {
  const single = lowerFirst(type);
  const pluralName = plural ?? pluralize(single);
  return {
    type,
    single,
    plural: pluralName,
    page: `${single}Page`,
    where: `${type}Where`,
    orderBy: `${type}OrderBy`,
    createInput: `Create${type}Input`,
    updateInput: `Update${type}Input`,
    payload: `${type}Payload`,
    bulkPayload: `Bulk${upperFirst(pluralName)}Payload`,
  };
}

function buildModel(
  metadata: EntityMetadata,
  entity: EntityClass,
  included: ReadonlySet<unknown>,
): ModelDefinition {
  const options = graphQLModelOptions(entity);
  const fieldOptions = graphQLFieldOptionsOf(entity);
  const withholdable = withholdableFieldsOf(entity);
  const name = options.name ?? metadata.name;
  const fields = new Map<string, FieldDefinition>();
  // The tenant column is the signed-in principal's tenant, set by the API: no input names it.
  const tenantColumn = tenantPathOf(entity);

  for (const column of metadata.columns) {
    if (column.isVirtual || column.embeddedMetadata) continue;
    const own = fieldOptions.get(column.propertyName) ?? {};
    if (own.exclude) continue;
    const kind = fieldKindOf(column);
    const generatedOrAudit =
      column.isGenerated || column.isCreateDate || column.isUpdateDate || column.isVersion;
    const enumValues = kind === 'enum' ? (column.enum ?? []).map(String) : undefined;
    fields.set(column.propertyName, {
      property: column.propertyName,
      column,
      kind,
      nullable: column.isNullable,
      enumValues,
      enumName: enumValues ? `${name}${upperFirst(column.propertyName)}` : undefined,
      readable: !own.writeOnly,
      withholdable: withholdable.has(column.propertyName),
      writable:
        !own.readOnly && !generatedOrAudit && !(column.propertyName === tenantColumn && !column.isPrimary),
      optionalOnCreate: column.isNullable || column.default !== undefined || generatedOrAudit,
      filterable: (own.filterable ?? true) && !own.writeOnly && kind !== 'json',
      orderable:
        (own.orderable ?? (!UNORDERABLE_KINDS.has(kind) && !UNORDERABLE_TYPES.has(String(column.type)))) &&
        !own.writeOnly,
      description: own.description,
      requires: own.requires ?? [],
    });
  }

  const primary = metadata.primaryColumns;
  if (primary.length !== 1 || !fields.has(primary[0].propertyName)) {
    throw new RailConfigurationError(
      `${metadata.name}: generated models need exactly one exposed primary key column`,
    );
  }

  const relations = new Map<string, RelationDefinition>();
  for (const relation of metadata.relations) {
    if (
      !included.has(relation.inverseEntityMetadata.target) ||
      fieldOptions.get(relation.propertyName)?.exclude
    )
      continue;
    const target =
      graphQLModelOptions(relation.inverseEntityMetadata.target as EntityClass).name ??
      relation.inverseEntityMetadata.name;
    if (relation.isManyToOne || relation.isOneToOneOwner) {
      const foreignKey = relation.joinColumns[0]?.propertyName;
      if (!foreignKey || relation.joinColumns.length !== 1) continue;
      relations.set(relation.propertyName, {
        property: relation.propertyName,
        relation,
        cardinality: 'one',
        target,
        foreignKey,
        nullable: relation.isNullable,
      });
    } else if (relation.isOneToMany && relation.inverseRelation) {
      const foreignKey = relation.inverseRelation.joinColumns[0]?.propertyName;
      if (!foreignKey || relation.inverseRelation.joinColumns.length !== 1) continue;
      relations.set(relation.propertyName, {
        property: relation.propertyName,
        relation,
        cardinality: 'many',
        target,
        foreignKey,
        nullable: false,
      });
    }
  }

  const readableStrings = [...fields.values()].filter(
    (field) => field.kind === 'string' && field.readable && field.filterable,
  );
  const quickSearch = options.quickSearch ?? readableStrings.map((field) => field.property);
  for (const property of quickSearch) {
    if (!fields.get(property)?.filterable) {
      throw new RailConfigurationError(
        `${name}: quickSearch names "${property}", which is not a filterable field`,
      );
    }
  }
  const defaultOrder = (options.defaultOrder ?? []).flatMap((entry) => Object.entries(entry));
  for (const [property] of defaultOrder) {
    if (!fields.get(property)?.orderable) {
      throw new RailConfigurationError(
        `${name}: defaultOrder names "${property}", which is not an orderable field`,
      );
    }
  }

  return {
    name,
    entity,
    metadata,
    names: modelNames(name, options.plural),
    description: options.description,
    primaryKey: fields.get(primary[0].propertyName)!,
    fields,
    relations,
    operations: new Set(options.operations ?? ALL_OPERATIONS),
    quickSearch,
    defaultOrder,
    actions: modelActionsOf(entity),
    tenantPath: tenantPathOf(entity),
    ownerPath: ownerPathOf(entity),
    permissionPrefix: permissionPrefixOf(entity),
  };
}

/**
 * A tenant or owner path must lead, through to-one relations, to a field: a
 * misspelt one would scope every statement to a column that is not there.
 */
function pathProblem(
  registry: ModelRegistry,
  model: ModelDefinition,
  path: string,
  decorator: string,
): string[] {
  const problem = (text: string): string[] => [`${model.name}: ${decorator}('${path}'): ${text}`];
  let at = model;
  const steps = path.split('.');
  for (const [index, step] of steps.entries()) {
    if (index === steps.length - 1) {
      return at.fields.has(step)
        ? []
        : problem(`${at.name} has no field "${step}"${didYouMean(step, at.fields.keys())}`);
    }
    const relation = at.relations.get(step);
    if (relation?.cardinality !== 'one') {
      const toOne = [...at.relations.values()].filter((candidate) => candidate.cardinality === 'one');
      return problem(
        `"${step}" is not a to-one relation of ${at.name}${didYouMean(
          step,
          toOne.map((candidate) => candidate.property),
        )}`,
      );
    }
    at = registry.get(relation.target);
  }
  return [];
}
