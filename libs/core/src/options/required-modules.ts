import 'reflect-metadata';
import { type InjectionToken, Optional, type Provider } from '@nestjs/common';
import { OPTIONAL_DEPS_METADATA, SELF_DECLARED_DEPS_METADATA } from '@nestjs/common/constants.js';
import type { ModulesContainer } from '@nestjs/core';
import { RailConfigurationError } from './rail-configuration.error.js';

/** A module a library takes a provider from: `{ module: 'RailSchemaModule', token: ModelReader }`. */
export interface RailModuleRequirement {
  /** As the app imports it, for the message: `RailSchemaModule`. */
  readonly module: string;
  /** A provider only that module registers. */
  readonly token: InjectionToken;
}

/**
 * Refuses to go on when a module the library needs is not imported, with
 * "RailAuditModule needs RailSchemaModule" rather than Nest's "can't resolve
 * dependencies of AuditedModels (?)". It looks the tokens up in the modules
 * Nest scanned, so it asks nothing of the providers themselves.
 */
export function assertRequiredModules(
  name: string,
  requirements: readonly RailModuleRequirement[],
  modules: ModulesContainer,
): void {
  const registered = (token: InjectionToken): boolean =>
    [...modules.values()].some((module) => module.providers.has(token));
  const missing = [
    ...new Set(requirements.filter((requirement) => !registered(requirement.token)).map((r) => r.module)),
  ];
  if (missing.length === 0) return;
  const list = missing.join(' and ');
  throw new RailConfigurationError(
    `${name} needs ${list}: import ${missing.map((module) => `${module}.forRoot(...)`).join(' and ')} ` +
      "in the app's root module too",
  );
}

type ClassProvider = abstract new (...args: never[]) => unknown;

const PARAMTYPES = 'design:paramtypes';

/**
 * Lets the library's own providers take a required token as optional, so
 * that without its module Nest does not stop first with its own message: the
 * module's requirement check (resolved with them) then names the module.
 * With the module imported nothing changes.
 */
export function injectOptionally(
  providers: readonly Provider[],
  tokens: ReadonlySet<InjectionToken>,
): Provider[] {
  return providers.map((provider) => {
    if (typeof provider === 'function') {
      markOptional(provider, tokens);
      return provider;
    }
    if ('useClass' in provider) markOptional(provider.useClass, tokens);
    if ('useFactory' in provider && provider.inject) {
      return {
        ...provider,
        inject: provider.inject.map((dependency) =>
          typeof dependency === 'object' && dependency !== null && 'token' in dependency
            ? dependency
            : tokens.has(dependency)
              ? { token: dependency, optional: true }
              : dependency,
        ),
      };
    }
    return provider;
  });
}

function markOptional(type: ClassProvider, tokens: ReadonlySet<InjectionToken>): void {
  const declared = (Reflect.getMetadata(PARAMTYPES, type) as InjectionToken[] | undefined) ?? [];
  const injected =
    (Reflect.getMetadata(SELF_DECLARED_DEPS_METADATA, type) as
      Array<{ index: number; param: InjectionToken }> | undefined) ?? [];
  const params = [...declared];
  for (const { index, param } of injected) params[index] = param;
  const optional = (Reflect.getMetadata(OPTIONAL_DEPS_METADATA, type) as number[] | undefined) ?? [];
  params.forEach((param, index) => {
    if (tokens.has(param) && !optional.includes(index)) Optional()(type, undefined, index);
  });
}
