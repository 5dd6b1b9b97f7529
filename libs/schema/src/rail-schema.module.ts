import { type Provider, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import {
  GraphqlSchemaTransforms,
  ModelReader,
  ModelRegistry,
  namedClass,
  RailExtensions,
  railLibraryModule,
  type RailLibraryAsyncOptions,
  RequestContext,
} from '@rail/core';
import { useDirectFieldResolvers } from './graphql/direct-field-resolvers.js';
import type { DataSource } from 'typeorm';
import { ModelTypeFactory, type ModelTypes } from './graphql/model-types.js';
import { decorateModelResolver, type GeneratedResolver } from './graphql/resolver-factory.js';
import {
  RAIL_SCHEMA_OPTIONS,
  type RailSchemaOptions,
  type ResolvedSchemaOptions,
  schemaOptionsSchema,
} from './rail-schema.options.js';
import { ModelSchemaResolver } from './graphql/model-schema.resolver.js';
import { SchemaRuntime } from './schema.runtime.js';

type EntityClass = abstract new (...args: never[]) => unknown;

interface ResolverShell {
  readonly resolver: new () => object;
  decorated: boolean;
}

// GraphQL type metadata is process-wide, so a resolver class is made and
// decorated once per entity and process, however many apps a process builds.
const shells = new Map<EntityClass, ResolverShell>();

function shellFor(entity: EntityClass): ResolverShell {
  let shell = shells.get(entity);
  if (!shell) {
    shell = { resolver: namedClass(`${entity.name}GeneratedResolver`), decorated: false };
    shells.set(entity, shell);
  }
  return shell;
}

/**
 * `forRootAsync`'s argument; a `useClass` / `useExisting` class implements
 * `createSchemaOptions()`. `entities` goes next to `useFactory`: the API's
 * resolvers are made from them when the module is defined.
 */
export type RailSchemaAsyncOptions = RailLibraryAsyncOptions<
  RailSchemaOptions,
  'createSchemaOptions',
  'entities'
>;

/** The module's providers for these entities: the runtime, the ports, one generated resolver per entity. */
function schemaParts(entities: readonly EntityClass[]): Provider[] {
  const entityShells = entities.map((entity) => [entity, shellFor(entity)] as const);
  const runtimeProvider: Provider = {
    provide: SchemaRuntime,
    inject: [
      RAIL_SCHEMA_OPTIONS,
      getDataSourceToken(),
      RailExtensions,
      RequestContext,
      GraphqlSchemaTransforms,
    ],
    // Runs after the DataSource is initialised and before GraphQLModule builds
    // the schema in its onModuleInit: the moment to decorate the generated classes.
    useFactory: (
      resolved: ResolvedSchemaOptions,
      dataSource: DataSource,
      extensions: RailExtensions,
      requestContext: RequestContext,
      transforms: GraphqlSchemaTransforms,
    ) => {
      const registry = new ModelRegistry(dataSource, resolved.entities);
      registry.readContributorsFrom(() => extensions.metadataContributors);
      const types = ModelTypeFactory.build(registry);
      const typesOf = (name: string): ModelTypes => types.get(name)!;
      for (const [entity, shell] of entityShells) {
        if (shell.decorated) continue;
        const model = registry.forEntity(entity);
        decorateModelResolver(shell.resolver, model, typesOf(model.name), typesOf);
        shell.decorated = true;
      }
      transforms.register((schema) =>
        useDirectFieldResolvers(schema, registry, (path, visibility) =>
          requestContext.noteWithheld(path, visibility),
        ),
      );
      return new SchemaRuntime(dataSource, registry, resolved, extensions, requestContext);
    },
  };
  return [
    runtimeProvider,
    ModelSchemaResolver,
    // The ports other libraries read through (they import @rail/core only).
    { provide: ModelReader, useExisting: SchemaRuntime },
    {
      provide: ModelRegistry,
      inject: [SchemaRuntime],
      useFactory: (runtime: SchemaRuntime) => runtime.registry,
    },
    ...entityShells.map(([, shell]) => ({
      provide: shell.resolver,
      inject: [SchemaRuntime],
      useFactory: (runtime: SchemaRuntime) =>
        Object.assign(new shell.resolver(), { runtime } satisfies GeneratedResolver),
    })),
  ];
}

/**
 * Generates the GraphQL API of the given entities: types, filters, ordering,
 * paging, relations, mutations. Import it next to `RailModule`. Audit, export,
 * reporting, tasks and webhooks read through the same runtime (`ModelReader`).
 *
 * @example
 * RailSchemaModule.forRoot({ entities: [Product, Category] })
 */
@Module({})
export class RailSchemaModule extends railLibraryModule({
  name: 'RailSchemaModule',
  schema: schemaOptionsSchema,
  optionsToken: RAIL_SCHEMA_OPTIONS,
  factoryMethodName: 'createSchemaOptions',
  definitionKeys: ['entities'],
  module: ({ entities }) => ({
    // A wrong entity list is reported by the options' validation, with the other options.
    providers: schemaParts(
      Array.isArray(entities) ? entities.filter((entity) => typeof entity === 'function') : [],
    ),
    exports: [SchemaRuntime, ModelReader, ModelRegistry],
  }),
}) {}
