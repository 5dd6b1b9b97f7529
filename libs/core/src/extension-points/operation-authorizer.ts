import type { ModelOperation } from './model-operation.js';
import type { RailPrincipal } from './rail-principal.js';

export interface OperationRequest {
  readonly principal: RailPrincipal | undefined;
  /** The model's name as the registry knows it, e.g. `Product`. */
  readonly model: string;
  readonly operation: ModelOperation;
  /** Present when the operation targets one row. */
  readonly entityId?: string;
  /** The row as stored, for a write to one row (update, delete, action): policies may look at it. */
  readonly object?: Readonly<Record<string, unknown>>;
  /**
   * A question for information (what the model metadata shows the caller),
   * not an attempt: a "no" is not a denial, and nothing is recorded.
   */
  readonly inquiry?: boolean;
}

export interface AuthorizationDecision {
  readonly allowed: boolean;
  /** A stable reason code, e.g. `permission_granted` or `permission_missing`. */
  readonly reason: string;
  /** On a denial: the permission the principal lacks (`category.create`), shown to the client. */
  readonly permission?: string;
}

/**
 * Answers "may this principal do this operation on this model?". Every
 * registered authorizer is asked; one denial denies.
 */
export interface OperationAuthorizer {
  authorize(request: OperationRequest): AuthorizationDecision | Promise<AuthorizationDecision>;
}
