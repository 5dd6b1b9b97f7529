export { RailModule } from './rail.module.js';
export { RAIL_OPTIONS } from './options/rail-options.constants.js';
export type { RailModuleOptions, ResolvedRailOptions } from './options/rail-options.schema.js';
export { resolveRailOptions } from './options/resolve-rail-options.js';
export { RailConfigurationError } from './options/rail-configuration.error.js';
export {
  describeOptionProblem,
  invalidOptions,
  parseOptions,
  type OptionProblem,
} from './options/parse-options.js';
export {
  railLibraryModule,
  type RailLibraryAsyncOptions,
  type RailLibraryModuleClass,
  type RailLibraryModuleDefinition,
  type RailLibraryModuleParts,
  type RailOptionsFactory,
} from './options/rail-library-module.js';
export type { RailModuleRequirement } from './options/required-modules.js';
export { describeReceived } from './options/describe-received.js';
export { isSecretOptionPath, redactUrlPassword } from './options/redact-secrets.js';
export { assertStrongSecret, secretWeakness } from './options/secret-strength.js';
export { describeStartupError } from './bootstrap/describe-startup-error.js';
export type { StartupCheck, StartupProblem } from './startup/startup-check.js';
export { StartupChecks } from './startup/startup-checks.js';
export { RailStartupError } from './startup/rail-startup.error.js';
export { closestName, didYouMean } from './startup/closest-name.js';
export {
  assertProductionSecrets,
  productionSecretProblems,
  type ProductionSecret,
} from './options/production-secrets.js';

export { SnakeNamingStrategy } from './database/snake-naming.strategy.js';
export { refreshPlannerStatistics } from './database/planner-statistics.js';
export { createDataSourceOptions, createTypeOrmOptions } from './database/typeorm-options.factory.js';
export { DatabaseObjects, databaseObjectsOf } from './database/database-objects.decorator.js';
export {
  generateMigration,
  type GenerateMigrationOptions,
  type GeneratedMigration,
  type MigrationStatement,
} from './database/migration-generator.js';

export { RailErrorCode, isClientErrorCode } from './errors/rail-error-code.enum.js';
export { RailError } from './errors/rail.error.js';
export { isInfrastructureError } from './errors/infrastructure-error.js';
export { serviceUnavailable, SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS } from './errors/service-unavailable.js';
export {
  railRedisClientOptions,
  DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
  DEFAULT_REDIS_CONNECT_TIMEOUT_MS,
  type RailRedisClientOptions,
  type RailRedisLimits,
} from './redis/redis-client-options.js';
export { DateTimeScalar } from './graphql/date-time.scalar.js';
export { parseCalendarDate, parseInstant } from './input/calendar.js';
export { findUnsafeInput, unsafeTextReason, MAX_INPUT_DEPTH, type UnsafeInput } from './input/unsafe-text.js';

export { RequestContext, type RailRequestStore } from './context/request-context.service.js';
export { REQUEST_ID_HEADER } from './context/request-id.header.js';
export { resolveRequestId, MAX_REQUEST_ID_LENGTH } from './context/request-id.js';

export type { RailPrincipal } from './extension-points/rail-principal.js';
export type { ModelOperation } from './extension-points/model-operation.js';
export type {
  OperationAuthorizer,
  OperationRequest,
  AuthorizationDecision,
} from './extension-points/operation-authorizer.js';
export type {
  CreatePreset,
  QueryScope,
  ScopeCondition,
  ScopeRequest,
} from './extension-points/query-scope.js';
export type {
  FieldAuthorizer,
  FieldAccessRequest,
  FieldReadAccess,
  StaticFieldReadAccess,
  PerRowFieldReadAccess,
} from './extension-points/field-authorizer.js';
export type { MutationObserver, MutationEvent } from './extension-points/mutation-observer.js';
export type { ReadObserver, ReadEvent } from './extension-points/read-observer.js';
export type { ReadinessCheck } from './extension-points/readiness-check.js';
export type { RequestAuthenticator } from './extension-points/request-authenticator.js';
export type { RoleCatalog } from './extension-points/role-catalog.js';
export type { PermissionSource } from './extension-points/permission-source.js';
export { IS_PUBLIC, Public } from './decorators/public.decorator.js';
export {
  ACCESS_REQUIREMENT,
  Authenticated,
  AuthorizedPerModel,
  DeclareAccess,
  type AccessRequirement,
} from './access/access-requirement.decorator.js';
export { RootFieldAccessCheck, type RootFieldAccess } from './access/root-field-access.check.js';
export { rootFieldOf } from './access/root-field.js';
export type {
  ModelMetadataContributor,
  ModelDescriptor,
} from './extension-points/model-metadata-contributor.js';
export {
  RailExtension,
  RailExtensionPoint,
  type RailExtensionContracts,
} from './extension-points/rail-extension.decorator.js';
export { RailExtensions } from './extension-points/rail-extensions.service.js';
export {
  DecimalColumn,
  decimalStringTransformer,
  type DecimalColumnOptions,
} from './database/decimal-column.decorator.js';
export { GraphqlSchemaTransforms, type GraphqlSchemaTransform } from './graphql/graphql-schema-transforms.js';
export { markWithholdable, withholdableFieldsOf } from './extension-points/withheld-field.marker.js';
export { RailSignals, type RailSignal, type RailSignalListener } from './signals/rail-signals.service.js';
export { ExpensiveOperations } from './limits/expensive-operations.js';
export { TrustedDocuments } from './http/trusted-documents.js';
export { SecretBox } from './crypto/secret-box.js';
export {
  RailEvents,
  isAuthEvent,
  type RailEvent,
  type RailEventListener,
} from './events/rail-events.service.js';
export type { AuthEvent, AuthEventType } from './events/auth-event.js';
export type { SecurityEvent, SecurityEventType } from './events/security-event.js';

// The model kernel: the decorators on the entities and the one registry built from them.
export {
  GraphQLModel,
  ALL_OPERATIONS,
  graphQLModelOptions,
  type GraphQLModelOptions,
  type GeneratedOperation,
  type SortDirectionName,
} from './model/graphql-model.decorator.js';
export {
  GraphQLField,
  graphQLFieldOptionsOf,
  type GraphQLFieldOptions,
} from './model/graphql-field.decorator.js';
export {
  ModelAction,
  modelActionsOf,
  type ModelActionOptions,
  type ModelActionDefinition,
} from './model/model-action.decorator.js';
export { ModelRegistry, type ContributedMetadata } from './model/model-registry.js';
export type {
  ModelDefinition,
  ModelNames,
  FieldDefinition,
  RelationDefinition,
  FieldKind,
} from './model/model-definition.js';
export { enumValueName, lowerFirst, pluralize, upperFirst } from './model/model-naming.js';
export { modelType, objectTypeClass } from './model/model-type.js';
export { namedClass } from './model/named-class.js';
export { SortDirection } from './model/sort-direction.js';
export {
  valueAtPath,
  relationValue,
  setRelationValue,
  markWithheld,
  withheldOf,
  RELATION_VALUES,
  WITHHELD_FIELDS,
  type Row,
  type Withholding,
} from './model/relation-values.js';

// Ports: what one library needs of another, implemented by the one that has it.
export {
  ModelReader,
  type ModelFilter,
  type ModelOrder,
  type ModelListArgs,
  type StreamArgs,
} from './ports/model-reader.js';
export type {
  AggregateQuery,
  AggregateResult,
  AggregateDimension,
  AggregateMetric,
  AggregateFunction,
  AggregateColumnType,
  DateUnit,
} from './ports/aggregate-query.js';
export { AuditSink, type AuditEntry, type AuditOutcome } from './ports/audit-sink.js';
export { TaskQueue, DEFAULT_QUEUE, TASK_MODEL, type EnqueueOptions } from './tasks/task-queue.js';
export {
  TaskHandler,
  taskHandlerOf,
  TASK_HANDLER,
  type TaskHandlerOptions,
  type TaskHandlerMetadata,
} from './tasks/task-handler.decorator.js';
export type { TaskContext, TaskHandlerFunction } from './tasks/task-context.js';
export {
  RequirePermission,
  permissionRequirementsOf,
  entityPermissionsFor,
  REQUIRED_PERMISSIONS,
  type PermissionRequirement,
} from './access/require-permission.decorator.js';
export { RequireRole, REQUIRED_ROLES } from './access/require-role.decorator.js';
export { PermissionChecker } from './ports/permission-checker.js';
export { TableFiles, FileLink, type TableColumn, type TableFileFormat } from './ports/table-files.js';
export {
  TenantScoped,
  OwnedBy,
  PermissionPrefix,
  tenantPathOf,
  ownerPathOf,
  permissionPrefixOf,
} from './model/model-access.decorators.js';
export {
  REQUEST_GUARD_STAGES,
  type RequestGuard,
  type RequestGuardStage,
} from './extension-points/request-guard.js';
export { RailGuardPipeline } from './access/rail-guard-pipeline.js';
