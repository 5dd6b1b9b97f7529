import { InjectDataSource } from '@nestjs/typeorm';
import {
  RailExtension,
  RailExtensionPoint,
  type CreatePreset,
  type QueryScope,
  type ScopeCondition,
  type ScopeRequest,
} from '@rail/core';
import { DataSource } from 'typeorm';
import { actionFor, conditionAt, permissionPrefix } from './rail-rbac.options.js';
import { RbacEngine } from './rbac-engine.provider.js';
import { RbacModels } from './rbac-models.js';
import { SecurityEvents } from './security-events.service.js';

/** Matches no row: for callers the scope cannot place (no principal, no tenant). */
const NOTHING: ScopeCondition = { id: { in: [] } };

/**
 * Tenant isolation and row scopes on every statement of the generated API:
 * the tenant comes from the signed principal, never from a header; a role
 * that holds only `_own` for the operation sees and changes only its own rows.
 */
@RailExtension(RailExtensionPoint.QueryScope)
export class RbacScope implements QueryScope {
  constructor(
    private readonly engine: RbacEngine,
    private readonly models: RbacModels,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: SecurityEvents,
  ) {}

  conditionsFor({ principal, model, operation }: ScopeRequest): ScopeCondition[] {
    const modelOptions = this.models.of(model);
    if (!modelOptions) return [];
    if (!principal) return [NOTHING];
    const conditions: ScopeCondition[] = [];
    if (modelOptions.tenant) {
      if (principal.companyId === null) return [NOTHING];
      conditions.push(conditionAt(modelOptions.tenant, principal.companyId));
    }
    const permission = `${permissionPrefix(model, modelOptions)}.${actionFor(operation)}`;
    const context = this.engine.authorizer.contextualRequirement(principal.roles, permission);
    if (context === 'own') {
      conditions.push(modelOptions.owner ? conditionAt(modelOptions.owner, principal.userId) : NOTHING);
    } else if (context === 'assigned') {
      conditions.push(NOTHING);
    }
    return conditions;
  }

  /**
   * A new row of a model with a direct owner column belongs to its creator
   * unless the creator may update every row of the model (then it may name
   * a colleague): otherwise a `sales` user could create orders for others.
   */
  createPresetsFor({ principal, model }: Omit<ScopeRequest, 'operation'>): CreatePreset[] {
    const modelOptions = this.models.of(model);
    const owner = modelOptions?.owner;
    if (!principal || !owner || owner.includes('.')) return [];
    const update = `${permissionPrefix(model, modelOptions)}.update`;
    const mayChoose = this.engine.authorizer.decide({ principal, permission: update }).allowed;
    return [{ field: owner, value: principal.userId, otherValueNeeds: mayChoose ? null : update }];
  }

  /** A miss by id: if the row exists in another tenant, that is a cross-tenant attempt, recorded. */
  async rowNotFound({ principal, model, entityId }: ScopeRequest & { entityId: string }): Promise<void> {
    const modelOptions = this.models.of(model);
    const tenant = modelOptions?.tenant;
    // Only a direct tenant column can be compared cheaply; relation paths are still scoped, just not reported.
    if (!principal || !modelOptions || !tenant || tenant.includes('.') || !/^[\w-]{1,64}$/.test(entityId))
      return;
    const primary = this.dataSource.getMetadata(modelOptions.entity).primaryColumns[0];
    if (!primary) return;
    const row = await this.dataSource
      .createQueryBuilder(modelOptions.entity, 'row')
      .select(`row.${tenant}`, 'tenant')
      .where(`row.${primary.propertyName} = :id`, {
        id: /^\d+$/.test(entityId) ? Number(entityId) : entityId,
      })
      .getRawOne<{ tenant: unknown }>();
    if (row && String(row.tenant) !== principal.companyId) {
      await this.events.emit('tenant.violation', { model, entityId, reason: 'row_of_another_tenant' });
    }
  }
}
