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

/** A field a new row takes from the principal (its owner) unless the client names it. */
export interface CreatePreset {
  /** The entity property, e.g. `ownerId`. */
  readonly field: string;
  readonly value: string;
  /** The permission a client needs to name another value; `null` when it may. */
  readonly otherValueNeeds: string | null;
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
  /**
   * Fields a created row takes from the principal when the input leaves them
   * out, and who may set them otherwise (the owner: the caller by default;
   * naming a colleague needs the model's unconditional update permission).
   */
  createPresetsFor?(request: Omit<ScopeRequest, 'operation'>): readonly CreatePreset[];
}
