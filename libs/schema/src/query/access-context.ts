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

/**
 * One request's view of the extension points: each decision is asked once
 * per model (and operation), then reused for every row and field.
 */
export class AccessContext {
  private readonly decisions = new Map<string, Promise<void>>();
  private readonly scopes = new Map<string, Promise<ScopeCondition[]>>();
  private readonly reads = new Map<string, Promise<Map<string, FieldReadAccess>>>();

  constructor(
    private readonly extensions: RailExtensions,
    readonly principal: RailPrincipal | undefined,
  ) {}

  /** Throws FORBIDDEN unless every authorizer allows `operation` on the model. */
  assertAllowed(
    model: ModelDefinition,
    operation: ModelOperation,
    entityId?: string,
    object?: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    // A decision about one stored row is not reused: the row is part of the question.
    const key = object ? undefined : `${model.name}:${operation}:${entityId ?? ''}`;
    let decision = key ? this.decisions.get(key) : undefined;
    if (!decision) {
      decision = this.extensions
        .authorize({ principal: this.principal, model: model.name, operation, entityId, object })
        .then(({ allowed, reason, permission }) => {
          if (!allowed) {
            throw new RailError(RailErrorCode.FORBIDDEN, `Not allowed to ${operation} ${model.name}`, {
              reason,
              ...(permission ? { permission } : {}),
            });
          }
        });
      if (key) this.decisions.set(key, decision);
    }
    return decision;
  }

  /** The conditions every statement on the model must carry, ANDed. */
  scopeConditions(model: ModelDefinition, operation: ModelOperation): Promise<ScopeCondition[]> {
    const key = `${model.name}:${operation}`;
    let scope = this.scopes.get(key);
    if (!scope) {
      scope = this.extensions.scopeConditions({ principal: this.principal, model: model.name, operation });
      this.scopes.set(key, scope);
    }
    return scope;
  }

  /** Fields a new row of the model takes from the principal (its owner). */
  createPresets(model: ModelDefinition): readonly CreatePreset[] {
    return this.extensions.createPresets({ principal: this.principal, model: model.name });
  }

  /** How each field of the model may reach this principal. */
  readAccess(model: ModelDefinition): Promise<Map<string, FieldReadAccess>> {
    let access = this.reads.get(model.name);
    if (!access) {
      access = this.extensions.fieldReadAccess({
        principal: this.principal,
        model: model.name,
        fields: [...model.fields.keys()],
      });
      this.reads.set(model.name, access);
    }
    return access;
  }

  /**
   * Filtering, ordering or searching on a field reveals its value, so it needs
   * the field in clear; anything less is FORBIDDEN, naming the field.
   */
  async assertReadableInClear(
    model: ModelDefinition,
    field: string,
    usage: 'filter' | 'order' | 'aggregate',
  ): Promise<void> {
    const access = (await this.readAccess(model)).get(field);
    if (access && access.visibility !== 'visible') {
      throw new RailError(RailErrorCode.FORBIDDEN, `You may not ${usage} by ${model.name}.${field}`, {
        field: `${model.name}.${field}`,
      });
    }
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
