import {
  type CreatePreset,
  type FieldReadAccess,
  type ModelDefinition,
  type ModelOperation,
  RailError,
  RailErrorCode,
  type RailExtensions,
  type RailPrincipal,
  type ScopeCondition,
} from '@rail/core';
import { AccessDecisions } from './access-decisions.js';
import { SharedDecisions } from './decision-cache.js';

/**
 * One request's view of the extension points: each decision is asked once
 * per model (and operation), then reused for every row and field. Given the
 * decisions its principal shares with its other requests (`DecisionCache`),
 * it asks only what none of them asked; a denial is never shared.
 */
export class AccessContext {
  private readonly own = new SharedDecisions(Number.POSITIVE_INFINITY);
  private readonly shared: SharedDecisions;
  /** The same decisions, read synchronously by the compilers (see AccessDecisions). */
  readonly decisions = new AccessDecisions(this);

  constructor(
    private readonly extensions: RailExtensions,
    readonly principal: RailPrincipal | undefined,
    shared?: SharedDecisions,
  ) {
    this.shared = shared ?? this.own;
  }

  /** Throws FORBIDDEN unless every authorizer allows `operation` on the model. */
  assertAllowed(
    model: ModelDefinition,
    operation: ModelOperation,
    entityId?: string,
    object?: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    // A decision about one stored row is not reused: the row is part of the question.
    if (object) return this.ask(model, operation, entityId, object);
    const key = `${model.name}:${operation}:${entityId ?? ''}`;
    let decision = this.own.allowed.get(key) ?? this.shared.allowed.get(key);
    if (!decision) {
      decision = this.ask(model, operation, entityId);
      const asked = decision;
      this.own.allowed.set(key, asked);
      this.shared.allowed.set(key, asked);
      asked.then(
        () => this.shared.settledAllowed.add(key),
        // Denied: this request keeps the answer, the next one asks again (and is recorded again).
        () => {
          if (this.shared !== this.own && this.shared.allowed.get(key) === asked)
            this.shared.allowed.delete(key);
        },
      );
    }
    return decision;
  }

  isAllowedSettled(key: string): boolean {
    return this.shared.settledAllowed.has(key);
  }

  private ask(
    model: ModelDefinition,
    operation: ModelOperation,
    entityId?: string,
    object?: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    return this.extensions
      .authorize({ principal: this.principal, model: model.name, operation, entityId, object })
      .then(({ allowed, reason, permission }) => {
        if (!allowed) {
          throw new RailError(RailErrorCode.FORBIDDEN, `Not allowed to ${operation} ${model.name}`, {
            reason,
            ...(permission ? { permission } : {}),
          });
        }
      });
  }

  /** The conditions every statement on the model must carry, ANDed. */
  scopeConditions(model: ModelDefinition, operation: ModelOperation): Promise<ScopeCondition[]> {
    const key = `${model.name}:${operation}`;
    let scope = this.shared.scopes.get(key);
    if (!scope) {
      scope = this.extensions.scopeConditions({ principal: this.principal, model: model.name, operation });
      this.shared.scopes.set(key, scope);
      scope.then(
        (conditions) => this.shared.settledScopes.set(key, conditions),
        () => this.shared.scopes.delete(key),
      );
    }
    return scope;
  }

  settledScope(model: ModelDefinition, operation: ModelOperation): readonly ScopeCondition[] | undefined {
    return this.shared.settledScopes.get(`${model.name}:${operation}`);
  }

  /** Fields a new row of the model takes from the principal (its owner). */
  createPresets(model: ModelDefinition): readonly CreatePreset[] {
    return this.extensions.createPresets({ principal: this.principal, model: model.name });
  }

  /** How each field of the model may reach this principal. */
  readAccess(model: ModelDefinition): Promise<Map<string, FieldReadAccess>> {
    let access = this.shared.reads.get(model.name);
    if (!access) {
      access = this.extensions.fieldReadAccess({
        principal: this.principal,
        model: model.name,
        fields: [...model.fields.keys()],
      });
      this.shared.reads.set(model.name, access);
      access.then(
        (settled) => this.shared.settledReads.set(model.name, settled),
        () => this.shared.reads.delete(model.name),
      );
    }
    return access;
  }

  settledReadAccess(model: ModelDefinition): Map<string, FieldReadAccess> | undefined {
    return this.shared.settledReads.get(model.name);
  }

  /** A lookup by id found nothing in scope: the scopes may record an attempt on another tenant's row. */
  rowNotFound(model: ModelDefinition, operation: ModelOperation, entityId: string): Promise<void> {
    return this.extensions.rowNotFound({ principal: this.principal, model: model.name, operation, entityId });
  }

  /** Denied writes: `rejected` fields refuse the mutation, `stripped` ones are dropped from it. */
  writeDecision(
    model: ModelDefinition,
    fields: readonly string[],
    row?: Readonly<Record<string, unknown>>,
  ): Promise<{ rejected: Set<string>; stripped: Set<string> }> {
    return this.extensions.writeDecision({ principal: this.principal, model: model.name, fields, row });
  }
}
