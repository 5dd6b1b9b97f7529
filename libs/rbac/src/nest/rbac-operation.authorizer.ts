import { Inject } from '@nestjs/common';
import {
  RailExtension,
  RailExtensionPoint,
  type AuthorizationDecision,
  type OperationAuthorizer,
  type OperationRequest,
} from '@rail/core';
import { RAIL_RBAC_OPTIONS, actionFor, permissionPrefix, type RailRbacOptions } from './rail-rbac.options.js';
import { operationPermissions } from './operation-permissions.js';
import { RbacModels } from './rbac-models.js';
import { RbacEngine } from './rbac-engine.provider.js';
import { SecurityEvents } from './security-events.service.js';

/**
 * Default-deny for every generated operation: `list`/`retrieve` need
 * `<model>.view`, writes `<model>.create|update|delete`, actions `<model>.update`.
 * An `_own` grant allows the operation; the row scope then limits it to the
 * principal's own rows.
 */
type Recorder = SecurityEvents['emit'];

@RailExtension(RailExtensionPoint.OperationAuthorizer)
export class RbacOperationAuthorizer implements OperationAuthorizer {
  constructor(
    private readonly engine: RbacEngine,
    @Inject(RAIL_RBAC_OPTIONS) private readonly options: RailRbacOptions,
    private readonly models: RbacModels,
    private readonly events: SecurityEvents,
  ) {}

  async authorize(request: OperationRequest): Promise<AuthorizationDecision> {
    const { principal, model, operation, object } = request;
    // An inquiry (the model metadata) asks what would be allowed; its "no" is no attempt to record.
    const record: Recorder = request.inquiry
      ? async () => {}
      : (type, details) => this.events.emit(type, details);
    const modelOptions = this.models.of(model);
    if (!principal) return { allowed: false, reason: 'unauthenticated' };
    if (!modelOptions) {
      const permission = `${permissionPrefix(model, modelOptions)}.${actionFor(operation)}`;
      await record('permission.denied', { model, permission, reason: 'model_not_protected' });
      return { allowed: false, reason: 'permission_missing', permission };
    }
    for (const permission of operationPermissions(model, modelOptions, operation)) {
      const decision = await this.check(
        principal,
        permission,
        model,
        operation,
        modelOptions.mode,
        object,
        record,
      );
      if (!decision.allowed) return decision;
    }
    return { allowed: true, reason: 'permission_granted' };
  }

  private async check(
    principal: NonNullable<OperationRequest['principal']>,
    permission: string,
    model: string,
    operation: string,
    modelMode: 'enforce' | 'shadow' | undefined,
    object: OperationRequest['object'],
    record: Recorder,
  ): Promise<AuthorizationDecision> {
    const decision = this.engine.authorizer.decide({
      principal: { userId: principal.userId, companyId: principal.companyId, roles: principal.roles },
      permission,
      model,
      operation,
      object,
    });
    if (decision.shadowDenied) {
      // A shadow-mode policy would have denied: allowed, but on record for the roll-out.
      await record('permission.shadow_denied', {
        model,
        permission,
        reason: decision.shadowDenied,
      });
    }
    if (decision.allowed || decision.contextRequired) return { allowed: true, reason: decision.reason };
    const shadow = (modelMode ?? this.options.mode) === 'shadow';
    await record(shadow ? 'permission.shadow_denied' : 'permission.denied', {
      model,
      permission,
      reason: decision.reason,
    });
    return shadow
      ? { allowed: true, reason: 'shadow_mode' }
      : { allowed: false, reason: decision.reason, permission };
  }
}
