export { RailSchemaModule, type RailSchemaAsyncOptions } from './rail-schema.module.js';
export { type RailSchemaOptions, RAIL_SCHEMA_OPTIONS } from './rail-schema.options.js';
export { DecimalScalar } from './graphql/decimal.scalar.js';
export { DateScalar } from './graphql/date.scalar.js';
export { PageInfo, FieldError } from './graphql/shared-types.js';
export { SchemaRuntime } from './schema.runtime.js';

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
  type StreamArgs,
  type AggregateQuery,
  type AggregateResult,
  type AggregateDimension,
  type AggregateMetric,
  type AggregateFunction,
  type AggregateColumnType,
  type DateUnit,
} from '@rail/core';
