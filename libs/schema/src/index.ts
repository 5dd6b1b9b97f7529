export { RailSchemaModule } from './rail-schema.module.js';
export { type RailSchemaOptions, RAIL_SCHEMA_OPTIONS } from './rail-schema.options.js';
export { DecimalScalar } from './graphql/decimal.scalar.js';
export { DateScalar } from './graphql/date.scalar.js';
export { PageInfo, FieldError } from './graphql/shared-types.js';
export { SchemaRuntime, type StreamArgs } from './schema.runtime.js';
export type {
  AggregateQuery,
  AggregateResult,
  AggregateDimension,
  AggregateMetric,
  AggregateFunction,
  AggregateColumnType,
} from './query/aggregate.executor.js';
export type { DateUnit } from './query/sql-dialect.js';

// The model kernel lives in @rail/core; these names stay importable from here for apps written before.
export {
  GraphQLModel,
  GraphQLField,
  ModelAction,
  ModelRegistry,
  SortDirection,
  modelType,
  valueAtPath,
  type GraphQLModelOptions,
  type GraphQLFieldOptions,
  type ModelActionOptions,
  type GeneratedOperation,
  type ModelDefinition,
  type FieldDefinition,
  type RelationDefinition,
  type FieldKind,
  type Row,
} from '@rail/core';
