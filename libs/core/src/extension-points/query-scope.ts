import type { ModelOperation } from './model-operation.js';
import type { RailPrincipal } from './rail-principal.js';

/**
 * A condition in the generated API's filter language, keyed by entity property:
 * `{ companyId: { eq: '1' } }`. The query planner ANDs it into the statement.
 */
export type ScopeCondition = Readonly<Record<string, unknown>>;

export interface ScopeRequest {
  readonly principal: RailPrincipal | undefined;
  readonly model: string;
  readonly operation: ModelOperation;
}

/**
 * Extra conditions every read and write of a model must carry (tenant, row
 * policies). Conditions of all registered scopes are ANDed; none can widen.
 */
export interface QueryScope {
  conditionsFor(request: ScopeRequest): readonly ScopeCondition[] | Promise<readonly ScopeCondition[]>;
  /**
   * Told when a lookup by id found nothing inside the scope (a retrieve, an
   * update, a delete, a connect). The caller answers "not found" either way;
   * the scope may check whether the row exists outside it and record that.
   */
  rowNotFound?(request: ScopeRequest & { readonly entityId: string }): void | Promise<void>;
}
