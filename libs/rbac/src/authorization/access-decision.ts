import type { PermissionContext } from '../permissions/permission.js';
import type { PolicyConditionError } from '../policies/policy-engine.js';
import type { RbacPrincipal } from '../rbac-principal.js';

/** Stable reason codes: for logs, audit and error extensions, never for end users. */
export type ReasonCode =
  | 'permission_granted'
  | 'permission_missing'
  | 'policy_deny'
  | 'policy_allow'
  | 'not_owner'
  | 'not_assigned'
  | 'tenant_mismatch'
  | 'unauthenticated';

/** Facts about the target row that only the caller can establish. Leave out what it does not know. */
export interface AccessContext {
  /** The principal owns the row (e.g. `order.ownerId === userId`). */
  readonly isOwner?: boolean;
  /** The row is assigned to the principal. */
  readonly isAssigned?: boolean;
  /** `false` when the row belongs to another company than the principal's: denied before anything else. */
  readonly tenantMatches?: boolean;
}

export interface AccessRequest {
  /** `null` or `undefined` when nobody signed in. */
  readonly principal: RbacPrincipal | null | undefined;
  /** A plain permission such as `order.update`; asking for `order.update_own` asks whether that is held. */
  readonly permission: string;
  /** The GraphQL type or entity name, e.g. `Order`. */
  readonly model?: string;
  readonly operation?: string;
  readonly context?: AccessContext;
  /** Passed to policies only. */
  readonly field?: string;
  /** The row, when the caller has it; passed to policy conditions only. */
  readonly object?: Readonly<Record<string, unknown>>;
  /** Request attributes; passed to policy conditions only. */
  readonly request?: Readonly<Record<string, unknown>>;
}

/** The answer, with what led to it, so it can be explained and logged. */
export interface AccessDecision {
  readonly allowed: boolean;
  readonly reason: ReasonCode;
  /** The principal's roles including inherited ones. */
  readonly roles: string[];
  readonly effectivePermissions: string[];
  /** Every policy that matched, enforced and shadow, highest priority first. */
  readonly matchedPolicies: string[];
  /** The grant held only for own or assigned rows; `null` when an unconditional grant (or none) decided. */
  readonly contextRequired: PermissionContext | null;
  /**
   * Whether the context met `contextRequired`; `null` when the caller did not
   * say (then `allowed` is false and the caller must restrict the rows instead).
   */
  readonly contextAllowed: boolean | null;
  /** A shadow-mode policy that would have denied this allowed request; for the caller to log. */
  readonly shadowDenied?: string;
  /** Policy conditions that threw or returned a non-boolean; for the caller to log. */
  readonly conditionErrors?: PolicyConditionError[];
}
