import { Injectable, SetMetadata } from '@nestjs/common';
import type { FieldAuthorizer } from './field-authorizer.js';
import type { ModelMetadataContributor } from './model-metadata-contributor.js';
import type { MutationObserver } from './mutation-observer.js';
import type { OperationAuthorizer } from './operation-authorizer.js';
import type { QueryScope } from './query-scope.js';
import type { ReadObserver } from './read-observer.js';
import type { ReadinessCheck } from './readiness-check.js';
import type { RequestAuthenticator } from './request-authenticator.js';
import type { RequestGuard } from './request-guard.js';
import type { RoleCatalog } from './role-catalog.js';
import type { PermissionSource } from './permission-source.js';
import type { StartupCheck } from '../startup/startup-check.js';

/** The registration tokens of the core's extension points. */
export const RailExtensionPoint = {
  OperationAuthorizer: 'rail:operation-authorizer',
  QueryScope: 'rail:query-scope',
  FieldAuthorizer: 'rail:field-authorizer',
  MutationObserver: 'rail:mutation-observer',
  ModelMetadataContributor: 'rail:model-metadata-contributor',
  ReadObserver: 'rail:read-observer',
  ReadinessCheck: 'rail:readiness-check',
  RequestAuthenticator: 'rail:request-authenticator',
  RoleCatalog: 'rail:role-catalog',
  RequestGuard: 'rail:request-guard',
  StartupCheck: 'rail:startup-check',
  PermissionSource: 'rail:permission-source',
} as const;

export type RailExtensionPoint = (typeof RailExtensionPoint)[keyof typeof RailExtensionPoint];

export interface RailExtensionContracts {
  [RailExtensionPoint.OperationAuthorizer]: OperationAuthorizer;
  [RailExtensionPoint.QueryScope]: QueryScope;
  [RailExtensionPoint.FieldAuthorizer]: FieldAuthorizer;
  [RailExtensionPoint.MutationObserver]: MutationObserver;
  [RailExtensionPoint.ModelMetadataContributor]: ModelMetadataContributor;
  [RailExtensionPoint.ReadObserver]: ReadObserver;
  [RailExtensionPoint.ReadinessCheck]: ReadinessCheck;
  [RailExtensionPoint.RequestAuthenticator]: RequestAuthenticator;
  [RailExtensionPoint.RoleCatalog]: RoleCatalog;
  [RailExtensionPoint.RequestGuard]: RequestGuard;
  [RailExtensionPoint.StartupCheck]: StartupCheck;
  [RailExtensionPoint.PermissionSource]: PermissionSource;
}

export const RAIL_EXTENSION_POINT = 'rail:extension-point';

/**
 * Registers a provider as an implementation of one of the core's extension
 * points. The core finds every registered provider at start-up, whatever
 * module declares it; the class must implement the point's interface.
 *
 * @example
 * @RailExtension(RailExtensionPoint.QueryScope)
 * export class TenantScope implements QueryScope { ... }
 */
export function RailExtension<P extends RailExtensionPoint>(
  point: P,
): (target: abstract new (...args: never[]) => RailExtensionContracts[P]) => void {
  return (target) => {
    Injectable()(target);
    SetMetadata(RAIL_EXTENSION_POINT, point)(target);
  };
}
