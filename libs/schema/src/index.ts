export { RailSchemaModule } from './rail-schema.module.js';
export { type RailSchemaOptions, RAIL_SCHEMA_OPTIONS } from './rail-schema.options.js';
export {
  GraphQLModel,
  type GraphQLModelOptions,
  type GeneratedOperation,
} from './decorators/graphql-model.decorator.js';
export { GraphQLField, type GraphQLFieldOptions } from './decorators/graphql-field.decorator.js';
export { ModelAction, type ModelActionOptions } from './decorators/model-action.decorator.js';
export { DecimalScalar } from './graphql/decimal.scalar.js';
export { DateScalar } from './graphql/date.scalar.js';
export { SortDirection, PageInfo, FieldError } from './graphql/shared-types.js';
export { SchemaRuntime, type StreamArgs } from './schema.runtime.js';
export { valueAtPath, type Row } from './query/relation-values.js';
export type {
  AggregateQuery,
  AggregateResult,
  AggregateDimension,
  AggregateMetric,
  AggregateFunction,
  AggregateColumnType,
} from './query/aggregate.executor.js';
export type { DateUnit } from './query/sql-dialect.js';
export { ModelRegistry } from './registry/model-registry.js';
export type {
  ModelDefinition,
  FieldDefinition,
  RelationDefinition,
  FieldKind,
} from './registry/model-definition.js';
export { modelType } from './graphql/model-type.js';
