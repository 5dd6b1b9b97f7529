import { RailConfigurationError } from '@rail/core';
import {
  grantOf,
  parsePermission,
  type ParsedPermission,
  type PermissionContext,
} from '../permissions/permission.js';
import { PolicyEngine } from '../policies/policy-engine.js';
import type { PolicyDefinition } from '../policies/policy.js';
import type { RoleRegistry } from '../roles/role-registry.js';
import type { AccessContext, AccessDecision, AccessRequest, ReasonCode } from './access-decision.js';

/** What the effective permissions say about one required permission. */
interface HeldGrants {
  readonly unconditional: boolean;
  /** Contexts of contextual grants, `own` before `assigned`. */
  readonly contexts: PermissionContext[];
}

const CONTEXTS: readonly PermissionContext[] = ['own', 'assigned'];

const DENIAL: Record<PermissionContext, ReasonCode> = { own: 'not_owner', assigned: 'not_assigned' };

const NO_CONTEXT = { contextRequired: null, contextAllowed: null } as const;

function explanation(
  roles: string[],
  effectivePermissions: string[],
  matchedPolicies: string[],
): Pick<AccessDecision, 'roles' | 'effectivePermissions' | 'matchedPolicies'> {
  return { roles, effectivePermissions, matchedPolicies };
}

function contextFact(context: AccessContext | undefined, required: PermissionContext): boolean | undefined {
  return required === 'own' ? context?.isOwner : context?.isAssigned;
}

/**
 * Decides whether a principal may use a permission, in this order: nobody
 * signed in; another tenant's row; the winning policy; the roles'
 * permissions, where own/assigned grants need the caller's context; and
 * otherwise deny. Every decision carries what led to it.
 */
export class RbacAuthorizer {
  private readonly engine: PolicyEngine;
  // Granted permissions come from the config, so this stays as small as it is.
  private readonly parsed = new Map<string, ParsedPermission>();

  /**
   * @param policies the policies to apply; defaults to those of the registry's
   *   config. To add code policies to a file's, pass `[...registry.policies, ...more]`.
   */
  constructor(
    private readonly registry: RoleRegistry,
    policies: readonly PolicyDefinition[] = registry.policies,
  ) {
    this.engine = new PolicyEngine(policies);
    for (const policy of this.engine.policies) {
      for (const role of policy.roles ?? []) {
        if (!registry.has(role)) {
          throw new RailConfigurationError(`RBAC policy "${policy.name}" names unknown role "${role}"`);
        }
      }
    }
  }

  decide(request: AccessRequest): AccessDecision {
    // Permissions come from code; a malformed one is a bug to surface, not a denial to hide.
    const required = parsePermission(request.permission);
    const { principal, context } = request;
    if (!principal) {
      return { ...NO_CONTEXT, ...explanation([], [], []), allowed: false, reason: 'unauthenticated' };
    }
    const roles = this.registry.effectiveRoles(principal.roles);
    const effectivePermissions = this.registry.effectivePermissions(principal.roles);
    // Tenant isolation is not negotiable: no policy or role reaches across companies.
    if (context?.tenantMatches === false) {
      return {
        allowed: false,
        reason: 'tenant_mismatch',
        ...explanation(roles, effectivePermissions, []),
        ...NO_CONTEXT,
      };
    }

    const evaluation = this.engine.evaluate(
      {
        principal,
        permission: request.permission,
        model: request.model,
        operation: request.operation,
        field: request.field,
        object: request.object,
        request: request.request,
      },
      roles,
    );
    const explained = {
      ...explanation(roles, effectivePermissions, evaluation.matched),
      ...(evaluation.conditionErrors.length > 0 ? { conditionErrors: evaluation.conditionErrors } : {}),
    };
    const decision: AccessDecision =
      evaluation.effect === null
        ? { ...this.byPermissions(effectivePermissions, required, context), ...explained }
        : {
            allowed: evaluation.effect === 'allow',
            reason: evaluation.effect === 'allow' ? 'policy_allow' : 'policy_deny',
            ...explained,
            ...NO_CONTEXT,
          };
    // Only an allowed request is changed by a shadow deny; that is what its logs are for.
    return decision.allowed && evaluation.shadowPolicy !== null
      ? { ...decision, shadowDenied: evaluation.shadowPolicy }
      : decision;
  }

  /**
   * The context (`own` or `assigned`) the roles hold `permission` in, for
   * callers that turn it into a row scope; `null` when an unconditional grant
   * exists or none at all. Holding both contexts answers `own`. Policies are
   * not consulted: use `decide` for the decision itself.
   */
  contextualRequirement(roles: readonly string[], permission: string): PermissionContext | null {
    const held = this.held(this.registry.effectivePermissions(roles), parsePermission(permission));
    return held.unconditional ? null : (held.contexts[0] ?? null);
  }

  private byPermissions(
    effectivePermissions: readonly string[],
    required: ParsedPermission,
    context: AccessContext | undefined,
  ): Omit<AccessDecision, 'roles' | 'effectivePermissions' | 'matchedPolicies'> {
    const held = this.held(effectivePermissions, required);
    if (held.unconditional) {
      return { allowed: true, reason: 'permission_granted', contextRequired: null, contextAllowed: null };
    }
    if (held.contexts.length === 0) {
      return { allowed: false, reason: 'permission_missing', contextRequired: null, contextAllowed: null };
    }
    const met = held.contexts.find((candidate) => contextFact(context, candidate) === true);
    if (met)
      return { allowed: true, reason: 'permission_granted', contextRequired: met, contextAllowed: true };
    // Not known: deny here, and the caller restricts the query to such rows.
    const unknown = held.contexts.find((candidate) => contextFact(context, candidate) === undefined);
    if (unknown) {
      return { allowed: false, reason: DENIAL[unknown], contextRequired: unknown, contextAllowed: null };
    }
    const [first] = held.contexts;
    return { allowed: false, reason: DENIAL[first], contextRequired: first, contextAllowed: false };
  }

  private held(effectivePermissions: readonly string[], required: ParsedPermission): HeldGrants {
    const contexts = new Set<PermissionContext>();
    for (const permission of effectivePermissions) {
      const grant = grantOf(this.parse(permission), required);
      if (grant === 'yes') return { unconditional: true, contexts: [] };
      if (grant !== 'no') contexts.add(grant);
    }
    return { unconditional: false, contexts: CONTEXTS.filter((context) => contexts.has(context)) };
  }

  private parse(permission: string): ParsedPermission {
    let parsed = this.parsed.get(permission);
    if (!parsed) {
      parsed = parsePermission(permission);
      this.parsed.set(permission, parsed);
    }
    return parsed;
  }
}
