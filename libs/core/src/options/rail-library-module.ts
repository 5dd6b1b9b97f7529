import {
  ConfigurableModuleBuilder,
  type ConfigurableModuleAsyncOptions,
  type ConfigurableModuleOptionsFactory,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type Provider,
} from '@nestjs/common';
import { ModuleRef, ModulesContainer } from '@nestjs/core';
import type { z } from 'zod';
import { parseOptions } from './parse-options.js';
import { RailConfigurationError } from './rail-configuration.error.js';
import { assertRequiredModules, injectOptionally, type RailModuleRequirement } from './required-modules.js';

/** What a library's module holds besides its options. */
export type RailLibraryModuleParts = Pick<
  ModuleMetadata,
  'imports' | 'controllers' | 'providers' | 'exports'
>;

/**
 * `forRootAsync`'s argument: `imports`, and `useFactory` with `inject`, or a
 * class that `useClass` instantiates or `useExisting` finds, with the method
 * `FactoryMethod`; plus the options the module needs when it is declared.
 */
export type RailLibraryAsyncOptions<
  Options extends object,
  FactoryMethod extends string,
  DefinitionKey extends keyof Options = never,
> = ConfigurableModuleAsyncOptions<Omit<Options, DefinitionKey>, FactoryMethod> &
  Pick<Options, DefinitionKey>;

/** A class for `useClass` / `useExisting`: `createTasksOptions(): RailTasksOptions` (or a promise of them). */
export type RailOptionsFactory<Options, FactoryMethod extends string> = ConfigurableModuleOptionsFactory<
  Options,
  FactoryMethod
>;

/** The static side of a library module: the class a library's module extends. */
export interface RailLibraryModuleClass<
  Options extends object,
  FactoryMethod extends string,
  DefinitionKey extends keyof Options,
> {
  new (): object;
  /** The options in code; they may be left out when every option has a default. */
  forRoot(
    ...options: Record<never, never> extends Options ? [options?: Options] : [options: Options]
  ): DynamicModule;
  /** The options when the app starts: from a factory with its `inject`, or from a `useClass` / `useExisting` class. */
  forRootAsync(options: RailLibraryAsyncOptions<Options, FactoryMethod, DefinitionKey>): DynamicModule;
}

export interface RailLibraryModuleDefinition<
  S extends z.ZodType<unknown, object>,
  FactoryMethod extends string,
  DefinitionKey extends keyof z.input<S>,
> {
  /** The module class's name, as start-up messages say it: `Invalid RailTasksModule options`. */
  readonly name: string;
  /** Validates the options as given, once, when the options provider is resolved (through `parseOptions`). */
  readonly schema: S;
  /** The token the library's services inject their (resolved) options by. */
  readonly optionsToken: InjectionToken;
  /** The method of a `useClass` / `useExisting` options class, e.g. `createTasksOptions`. */
  readonly factoryMethodName: FactoryMethod;
  /** From the validated options to what the services inject: environment defaults, checks across keys. Default: as validated. */
  readonly resolve?: (options: z.output<S>) => unknown;
  /**
   * Options the module's definition needs before the app starts (an entity to
   * register, one provider per entity). `forRootAsync` takes them next to
   * `useFactory`; they are validated with the rest.
   */
  readonly definitionKeys?: readonly DefinitionKey[];
  /**
   * The other Rail modules it takes providers from: without one the app stops
   * with "RailAuditModule needs RailSchemaModule". (Without RailModule, whose
   * providers every library injects, `describeStartupError` says the same of Nest's error.)
   */
  readonly requires?: readonly RailModuleRequirement[];
  /** The module's imports, controllers, providers and exports; a function of the definition keys when they need them. */
  readonly module:
    | RailLibraryModuleParts
    | ((definition: Partial<Pick<z.input<S>, DefinitionKey>>) => RailLibraryModuleParts);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Declares a library's module on Nest's `ConfigurableModuleBuilder`:
 * `forRoot(options)` and `forRootAsync({ imports, inject, useFactory | useClass | useExisting })`,
 * the options validated with the library's zod schema when the app starts, so
 * that every library refuses a bad option alike: `Invalid RailTasksModule
 * options:` and a line per key with what is expected and the value received (a
 * secret's never shown).
 *
 * Every library module is global, always, and is imported once, in the app's
 * root module. A library is configured once per app and serves all of it: its
 * guards and extension points act on every request, and the ports it provides
 * (`ModelReader`, `AuditSink`, `TaskQueue`, `PermissionChecker`, `TableFiles`)
 * are injected by other libraries, which import `@rail/core` only and so cannot
 * import the module that provides them. That is what a Nest user expects of a
 * `forRoot` module (TypeOrmModule, LoggerModule); a `global: false` switch
 * would only let an app break those ports, so there is none.
 *
 * @example
 * @Module({})
 * export class RailTasksModule extends railLibraryModule({
 *   name: 'RailTasksModule',
 *   schema: tasksOptionsSchema,
 *   optionsToken: RAIL_TASKS_OPTIONS,
 *   factoryMethodName: 'createTasksOptions',
 *   resolve: checkTasksOptions,
 *   module: { providers: [TaskService], exports: [TaskService] },
 * }) {}
 */
export function railLibraryModule<
  S extends z.ZodType<unknown, object>,
  FactoryMethod extends string,
  DefinitionKey extends keyof z.input<S> = never,
>(
  definition: RailLibraryModuleDefinition<S, FactoryMethod, DefinitionKey>,
): RailLibraryModuleClass<z.input<S>, FactoryMethod, DefinitionKey> {
  const { name, schema, optionsToken, resolve, module } = definition;
  const requirements: readonly RailModuleRequirement[] = definition.requires ?? [];
  const optionalTokens = new Set((definition.requires ?? []).map((requirement) => requirement.token));
  const given = Symbol(`${name} options as given`);
  const keys = (definition.definitionKeys ?? []) as readonly string[];
  // The builder's extras are the keys it keeps out of the options provider; here
  // they are the definition keys, put back before validation.
  const extras: Record<string, unknown> = Object.fromEntries(keys.map((key) => [key, undefined]));

  const { ConfigurableModuleClass } = new ConfigurableModuleBuilder<object>({ optionsInjectionToken: given })
    .setClassMethodName('forRoot')
    .setFactoryMethodName(definition.factoryMethodName)
    .setExtras(extras, (base: DynamicModule, declared: Record<string, unknown>): DynamicModule => {
      // In forRootAsync `declared` also holds any key that is not Nest's (a typo of `inject`):
      // merged into the options, the schema names it instead of it being ignored.
      const atDefinition = Object.fromEntries(
        Object.entries(declared).filter(([, value]) => value !== undefined),
      );
      const parts =
        typeof module === 'function'
          ? module(atDefinition as Partial<Pick<z.input<S>, DefinitionKey>>)
          : module;
      return {
        ...base,
        global: true,
        imports: [...(base.imports ?? []), ...(parts.imports ?? [])],
        controllers: [...(base.controllers ?? []), ...(parts.controllers ?? [])],
        providers: [
          ...requirementCheck(name, requirements),
          ...(base.providers ?? []),
          {
            provide: optionsToken,
            inject: [given],
            useFactory: (options: unknown) => {
              const validated = parseOptions(
                schema,
                isObject(options) ? { ...options, ...atDefinition } : options,
                `${name} options`,
              );
              return resolve ? resolve(validated) : validated;
            },
          },
          ...injectOptionally(parts.providers ?? [], optionalTokens),
        ],
        exports: [...(base.exports ?? []), ...(parts.exports ?? [])],
      };
    })
    .build();

  class RailLibraryModule extends ConfigurableModuleClass {
    // The builder's forRoot needs an object; a library whose options all have defaults takes none.
    static override forRoot(options: object = {}): DynamicModule {
      return super.forRoot(options);
    }

    // Without a source the builder would register an `undefined` provider, and Nest's message would not say why.
    static override forRootAsync(
      options: Parameters<typeof ConfigurableModuleClass.forRootAsync>[0],
    ): DynamicModule {
      if (!options.useFactory && !options.useClass && !options.useExisting)
        throw new RailConfigurationError(`${name}.forRootAsync needs useFactory, useClass or useExisting`);
      return super.forRootAsync(options);
    }
  }
  return RailLibraryModule;
}

/**
 * The provider that names a missing module. First of the module's providers:
 * Nest resolves them all at once, and this one asks only for the module's own
 * ModuleRef, while the providers that need the module take it as optional.
 */
function requirementCheck(name: string, requirements: readonly RailModuleRequirement[]): Provider[] {
  if (requirements.length === 0) return [];
  return [
    {
      provide: Symbol(`${name} requires`),
      inject: [ModuleRef],
      useFactory: (moduleRef: ModuleRef) =>
        assertRequiredModules(name, requirements, moduleRef.get(ModulesContainer, { strict: false })),
    },
  ];
}
