import type { RbacPrincipal } from '../rbac-principal.js';

export type PolicyEffect = 'allow' | 'deny';

/** `shadow` evaluates a policy and reports what it would deny without denying. */
export type PolicyMode = 'enforce' | 'shadow';

/** What a policy's matchers and condition see of a request. */
export interface PolicyContext {
  readonly principal: RbacPrincipal;
  /** The permission the request needs, e.g. `order.update`. */
  readonly permission: string;
  /** The GraphQL type or entity name, e.g. `Order`. */
  readonly model?: string;
  readonly operation?: string;
  readonly field?: string;
  /** The row the request touches, when the caller has it. */
  readonly object?: Readonly<Record<string, unknown>>;
  /** Attributes of the request itself (address, time, headers the caller chooses). */
  readonly request?: Readonly<Record<string, unknown>>;
}

/**
 * An allow or deny rule that overrides the role permissions. It matches when
 * every matcher it sets matches; matchers it leaves out match anything.
 */
export interface PolicyDefinition {
  readonly name: string;
  readonly effect: PolicyEffect;
  /** Higher wins; at equal priority deny beats allow. Default 0. */
  readonly priority?: number;
  /** Matches when the principal has any of these roles, directly or inherited. */
  readonly roles?: readonly string[];
  /** Permission patterns (`order.*`, `order.update`, `*`) the requested permission must fall under. */
  readonly permissions?: readonly string[];
  /** Model names; `OrderItem` and `order_item` are the same model. */
  readonly models?: readonly string[];
  readonly operations?: readonly string[];
  readonly fields?: readonly string[];
  /**
   * Code only (a roles file cannot hold one). Must return a boolean
   * synchronously; a deny whose condition throws matches (fail closed), an
   * allow whose condition throws does not.
   */
  readonly condition?: (context: PolicyContext) => boolean;
  /** Default `enforce`. */
  readonly mode?: PolicyMode;
}
