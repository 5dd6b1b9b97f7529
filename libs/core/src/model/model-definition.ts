import type { EntityMetadata } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { RelationMetadata } from 'typeorm/metadata/RelationMetadata.js';
import type { GeneratedOperation, SortDirectionName } from './graphql-model.decorator.js';
import type { ModelActionDefinition } from './model-action.decorator.js';

/** How a column reads and filters in GraphQL. */
export type FieldKind =
  'id' | 'string' | 'int' | 'float' | 'decimal' | 'boolean' | 'datetime' | 'date' | 'enum' | 'json';

export interface FieldDefinition {
  readonly property: string;
  readonly column: ColumnMetadata;
  readonly kind: FieldKind;
  readonly nullable: boolean;
  readonly enumValues?: readonly string[];
  /** The GraphQL enum type name for enum fields (`ProductStatus`). */
  readonly enumName?: string;
  readonly readable: boolean;
  /** Some callers may not receive the value (a field policy): nullable in the schema. */
  readonly withholdable: boolean;
  readonly writable: boolean;
  /** May be left out of a create input (nullable, defaulted or generated). */
  readonly optionalOnCreate: boolean;
  readonly filterable: boolean;
  readonly orderable: boolean;
  readonly description?: string;
  /** Fields loaded with this one for a hand-written resolver (`@GraphQLField({ requires })`). */
  readonly requires: readonly string[];
}

export interface RelationDefinition {
  readonly property: string;
  readonly relation: RelationMetadata;
  readonly cardinality: 'one' | 'many';
  /** The related model's name (resolved through the registry). */
  readonly target: string;
  /** to-one: the FK field on this model; to-many: the FK field on the related model. */
  readonly foreignKey: string;
  readonly nullable: boolean;
}

export interface ModelNames {
  readonly type: string;
  readonly single: string;
  readonly plural: string;
  readonly page: string;
  readonly where: string;
  readonly orderBy: string;
  readonly createInput: string;
  readonly updateInput: string;
  readonly payload: string;
  readonly bulkPayload: string;
}

export interface ModelDefinition {
  readonly name: string;
  readonly entity: abstract new (...args: never[]) => unknown;
  readonly metadata: EntityMetadata;
  readonly names: ModelNames;
  readonly description?: string;
  readonly primaryKey: FieldDefinition;
  readonly fields: ReadonlyMap<string, FieldDefinition>;
  readonly relations: ReadonlyMap<string, RelationDefinition>;
  readonly operations: ReadonlySet<GeneratedOperation>;
  readonly quickSearch: readonly string[];
  readonly defaultOrder: ReadonlyArray<readonly [string, SortDirectionName]>;
  readonly actions: readonly ModelActionDefinition[];
  /** Where a row's tenant key is (`@TenantScoped`): `companyId`, `id`, `order.companyId`. */
  readonly tenantPath?: string;
  /** Where a row's owner is (`@OwnedBy`): `ownerId`, `order.ownerId`. */
  readonly ownerPath?: string;
  /** The prefix of the model's permissions (`@PermissionPrefix`), when it is not the default. */
  readonly permissionPrefix?: string;
}
