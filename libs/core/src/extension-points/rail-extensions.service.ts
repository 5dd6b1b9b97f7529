import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { permissionRequirementsOf } from '../access/require-permission.decorator.js';
import type { PermissionSource } from './permission-source.js';
import type { FieldAccessRequest, FieldAuthorizer, FieldReadAccess } from './field-authorizer.js';
import type { ModelMetadataContributor } from './model-metadata-contributor.js';
import type { MutationObserver } from './mutation-observer.js';
import type { AuthorizationDecision, OperationAuthorizer, OperationRequest } from './operation-authorizer.js';
import type { CreatePreset, QueryScope, ScopeCondition, ScopeRequest } from './query-scope.js';
import type { ReadObserver } from './read-observer.js';
import type { ReadinessCheck } from './readiness-check.js';
import type { RailPrincipal } from './rail-principal.js';
import type { RequestAuthenticator } from './request-authenticator.js';
import type { RoleCatalog } from './role-catalog.js';
import {
  RAIL_EXTENSION_POINT,
  RailExtensionPoint,
  type RailExtensionContracts,
} from './rail-extension.decorator.js';

const visible: FieldReadAccess = { visibility: 'visible' };
const restrictiveness = { visible: 0, 'per-row': 1, masked: 2, hidden: 3 } as const;

/**
 * The one place the libraries' extensions are combined. With nothing
 * registered every answer is the no-op default (allow, no scope, all fields
 * visible and writable); each registered extension can only narrow it.
 */
@Injectable()
export class RailExtensions implements OnModuleInit {
  private readonly registered = new Map<RailExtensionPoint, unknown[]>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly scanner: MetadataScanner,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      const metatype = wrapper.metatype;
      if (!instance || !metatype || typeof metatype !== 'function') continue;
      const point = this.reflector.get<RailExtensionPoint | undefined>(RAIL_EXTENSION_POINT, metatype);
      if (!point) continue;
      const list = this.registered.get(point) ?? [];
      if (!list.includes(instance)) list.push(instance);
      this.registered.set(point, list);
    }
  }

  /** The registered implementations of one extension point, in discovery order. */
  of<P extends RailExtensionPoint>(point: P): readonly RailExtensionContracts[P][] {
    return (this.registered.get(point) ?? []) as RailExtensionContracts[P][];
  }

  /**
   * How often each planning decision has been asked of the extension points
   * (operations, scopes, field read access): the plan caches' proof that a
   * repeated request asks nothing.
   */
  readonly asked = { authorize: 0, scopeConditions: 0, fieldReadAccess: 0 };

  /** Every authorizer is asked; the first denial wins. */
  async authorize(request: OperationRequest): Promise<AuthorizationDecision> {
    this.asked.authorize += 1;
    let decision: AuthorizationDecision = { allowed: true, reason: 'no_authorizer' };
    const authorizers: readonly OperationAuthorizer[] = this.of(RailExtensionPoint.OperationAuthorizer);
    for (const authorizer of authorizers) {
      decision = await authorizer.authorize(request);
      if (!decision.allowed) return decision;
    }
    return decision;
  }

  /** The conditions of every scope, to be ANDed. */
  async scopeConditions(request: ScopeRequest): Promise<ScopeCondition[]> {
    this.asked.scopeConditions += 1;
    const scopes: readonly QueryScope[] = this.of(RailExtensionPoint.QueryScope);
    const conditions = await Promise.all(scopes.map(async (scope) => scope.conditionsFor(request)));
    return conditions.flat();
  }

  /** Whether the app defines the role; `undefined` when no library keeps roles. */
  knowsRole(role: string): boolean | undefined {
    const catalogs: readonly RoleCatalog[] = this.of(RailExtensionPoint.RoleCatalog);
    return catalogs.length === 0 ? undefined : catalogs.some((catalog) => catalog.hasRole(role));
  }

  /** Every role the app defines, for "did you mean" hints; empty when no library keeps roles. */
  roleNames(): string[] {
    const catalogs: readonly RoleCatalog[] = this.of(RailExtensionPoint.RoleCatalog);
    return [...new Set(catalogs.flatMap((catalog) => catalog.roleNames?.() ?? []))];
  }

  /**
   * Every permission something in the app asks for by name: `@RequirePermission`
   * on a provider or controller (class or method) and what each
   * `PermissionSource` declares. Read once, by start-up checks.
   */
  declaredPermissions(): Set<string> {
    const declared = new Set<string>();
    const holders = [...this.discovery.getProviders(), ...this.discovery.getControllers()];
    for (const wrapper of holders) {
      const metatype = wrapper.metatype;
      if (!metatype || typeof metatype !== 'function') continue;
      const prototype = metatype.prototype as Record<string, unknown> | undefined;
      const methods = prototype ? this.scanner.getAllMethodNames(prototype) : [];
      const targets = [metatype, ...methods.map((method) => prototype?.[method])];
      for (const target of targets) {
        if (typeof target !== 'function') continue;
        for (const requirement of permissionRequirementsOf(target)) {
          for (const permission of requirement.permissions) declared.add(permission);
        }
      }
    }
    const sources: readonly PermissionSource[] = this.of(RailExtensionPoint.PermissionSource);
    for (const source of sources)
      for (const permission of source.declaredPermissions()) declared.add(permission);
    return declared;
  }

  /** What every scope fills in on a new row from the principal. */
  createPresets(request: Omit<ScopeRequest, 'operation'>): CreatePreset[] {
    const scopes: readonly QueryScope[] = this.of(RailExtensionPoint.QueryScope);
    return scopes.flatMap((scope) => scope.createPresetsFor?.(request) ?? []);
  }

  /** Tells every scope that a lookup by id found nothing inside it. */
  async rowNotFound(request: ScopeRequest & { entityId: string }): Promise<void> {
    const scopes: readonly QueryScope[] = this.of(RailExtensionPoint.QueryScope);
    for (const scope of scopes) await scope.rowNotFound?.(request);
  }

  /** Per field, the most restrictive answer of all field authorizers. */
  async fieldReadAccess(request: FieldAccessRequest): Promise<Map<string, FieldReadAccess>> {
    this.asked.fieldReadAccess += 1;
    const authorizers: readonly FieldAuthorizer[] = this.of(RailExtensionPoint.FieldAuthorizer);
    const answers = await Promise.all(authorizers.map(async (authorizer) => authorizer.readAccess(request)));
    const access = new Map<string, FieldReadAccess>(request.fields.map((field) => [field, visible]));
    for (const answer of answers) {
      for (const [field, candidate] of answer) {
        const current = access.get(field) ?? visible;
        if (restrictiveness[candidate.visibility] > restrictiveness[current.visibility]) {
          access.set(field, candidate);
        }
      }
    }
    return access;
  }

  /** The fields any field authorizer refuses to let the principal write. */
  async deniedWrites(request: FieldAccessRequest): Promise<Set<string>> {
    const { rejected, stripped } = await this.writeDecision(request);
    return new Set([...rejected, ...stripped]);
  }

  /** Denied writes split by what the denying authorizer wants: refuse the mutation, or drop the fields. */
  async writeDecision(
    request: FieldAccessRequest,
  ): Promise<{ rejected: Set<string>; stripped: Set<string> }> {
    const authorizers: readonly FieldAuthorizer[] = this.of(RailExtensionPoint.FieldAuthorizer);
    const answers = await Promise.all(
      authorizers.map(async (authorizer) => ({
        mode: authorizer.writeMode ?? 'reject',
        denied: await authorizer.deniedWrites(request),
      })),
    );
    const rejected = new Set(
      answers.filter((answer) => answer.mode === 'reject').flatMap((answer) => [...answer.denied]),
    );
    const stripped = new Set(
      answers
        .filter((answer) => answer.mode === 'strip')
        .flatMap((answer) => [...answer.denied].filter((field) => !rejected.has(field))),
    );
    return { rejected, stripped };
  }

  get mutationObservers(): readonly MutationObserver[] {
    return this.of(RailExtensionPoint.MutationObserver);
  }

  get readObservers(): readonly ReadObserver[] {
    return this.of(RailExtensionPoint.ReadObserver);
  }

  /** The first principal a registered authenticator finds in the request's credentials; `null` without one. */
  async authenticate(
    request: Parameters<RequestAuthenticator['authenticate']>[0],
  ): Promise<RailPrincipal | null> {
    const authenticators: readonly RequestAuthenticator[] = this.of(RailExtensionPoint.RequestAuthenticator);
    for (const authenticator of authenticators) {
      const principal = await authenticator.authenticate(request);
      if (principal) return principal;
    }
    return null;
  }

  get readinessChecks(): readonly ReadinessCheck[] {
    return this.of(RailExtensionPoint.ReadinessCheck);
  }

  get metadataContributors(): readonly ModelMetadataContributor[] {
    return this.of(RailExtensionPoint.ModelMetadataContributor);
  }
}
