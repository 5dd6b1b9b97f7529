import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RailError, RailErrorCode, type RailPrincipal } from '@rail/core';
import { DataSource } from 'typeorm';
import type { AccessDecision } from '../authorization/access-decision.js';
import { parsePermission } from '../permissions/permission.js';
import { operationPermissions } from '../nest/operation-permissions.js';
import { actionFor, permissionPrefix, type RbacModelOptions } from '../nest/rail-rbac.options.js';
import { RbacEngine } from '../nest/rbac-engine.provider.js';
import { RbacModels } from '../nest/rbac-models.js';
import { SecurityEvents } from '../nest/security-events.service.js';

type Row = Record<string, unknown>;

/** Reads hand policies no row; writes to one stored row do (as the generated API does). */
const ROW_READS = new Set(['list', 'retrieve', 'export']);

export interface ExplainRequest {
  readonly subject: RailPrincipal;
  /** The caller, whose tenant bounds which rows exist. */
  readonly caller: RailPrincipal;
  readonly permission: string;
  readonly model?: string;
  readonly operation?: string;
  readonly objectId?: string;
}

/**
 * Answers explainPermission with the decision the API makes: the same
 * permissions per operation (`operationPermissions`), the same policies (the
 * operation is passed, so operation-scoped policies apply), the row as the
 * API would see it, and the row scope of RbacScope (tenant, then own rows).
 * Another tenant's row and a missing one get the same NOT_FOUND.
 */
@Injectable()
export class PermissionExplainer {
  constructor(
    private readonly engine: RbacEngine,
    private readonly events: SecurityEvents,
    private readonly models: RbacModels,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async explain(request: ExplainRequest): Promise<AccessDecision> {
    const { subject, permission, model } = request;
    const modelOptions = model ? this.models.of(model) : undefined;
    if (!model || !modelOptions) {
      if (model)
        throw new RailError(RailErrorCode.BAD_USER_INPUT, `Unknown model "${model}"`, { field: 'model' });
      return this.engine.authorizer.decide({ principal: subject, permission, operation: request.operation });
    }
    const operation = request.operation ?? operationFor(permission, request.objectId !== undefined);
    const required = operationPermissions(model, modelOptions, operation);
    if (!required.some((candidate) => sameGrant(candidate, permission))) {
      throw new RailError(
        RailErrorCode.BAD_USER_INPUT,
        `${model} ${operation} checks ${required.join(' and ')}, not ${permission}`,
        { field: 'permission' },
      );
    }
    const row = request.objectId ? await this.visibleRow(request, model, modelOptions) : undefined;
    const object = row && !ROW_READS.has(operation) ? plainColumns(row) : undefined;
    let asked: AccessDecision | undefined;
    for (const candidate of required) {
      const decision = this.engine.authorizer.decide({
        principal: subject,
        permission: candidate,
        model,
        operation,
        object,
      });
      if (sameGrant(candidate, permission)) asked = decision;
      // As RbacOperationAuthorizer: a contextual grant lets the operation through to the row scope.
      if (!decision.allowed && !decision.contextRequired) return decision;
    }
    const decision = asked!;
    if (!row) return decision;
    return this.withRowScope(decision, subject, model, modelOptions, operation, row);
  }

  /** The row by id, unless it is missing or in another tenant than the caller's: both NOT_FOUND. */
  private async visibleRow(
    request: ExplainRequest,
    model: string,
    modelOptions: RbacModelOptions,
  ): Promise<Row> {
    const id = request.objectId ?? '';
    const notFound = new RailError(RailErrorCode.NOT_FOUND, `${model} ${id} does not exist`);
    if (!/^\d{1,15}$/.test(id)) throw notFound;
    const relations = [modelOptions.tenant, modelOptions.owner]
      .filter((path): path is string => path?.includes('.') ?? false)
      .map((path) => [path.split('.')[0], true] as const);
    const row = await this.dataSource
      .getRepository(modelOptions.entity)
      .findOne({ where: { id: Number(id) }, relations: Object.fromEntries(relations) });
    if (!row) throw notFound;
    if (modelOptions.tenant && keyText(valueAt(row, modelOptions.tenant)) !== request.caller.companyId) {
      await this.events.emit('tenant.violation', { model, entityId: id, reason: 'row_of_another_tenant' });
      throw notFound;
    }
    return row;
  }

  /** RbacScope's rule for the row: a role holding the operation only for own rows reaches only those. */
  private withRowScope(
    decision: AccessDecision,
    subject: RailPrincipal,
    model: string,
    modelOptions: RbacModelOptions,
    operation: string,
    row: Row,
  ): AccessDecision {
    const scoped = `${permissionPrefix(model, modelOptions)}.${actionFor(operation)}`;
    const context = this.engine.authorizer.contextualRequirement(subject.roles, scoped);
    if (context === null)
      return { ...decision, allowed: decision.allowed || decision.contextRequired !== null };
    const owner = modelOptions.owner ? keyText(valueAt(row, modelOptions.owner)) : undefined;
    const met = context === 'own' && owner !== undefined && owner === subject.userId;
    return {
      ...decision,
      allowed: met,
      reason: met ? decision.reason : context === 'own' ? 'not_owner' : 'not_assigned',
      contextRequired: context,
      contextAllowed: met,
    };
  }
}

/** `order.view` on a row → `retrieve`, without one → `list`; `order.update` → `update`. */
function operationFor(permission: string, onRow: boolean): string {
  // Every other action names its operation (create, update, delete, export, a model action).
  const action = parsePermission(permission).action ?? '';
  if (action === 'view') return onRow ? 'retrieve' : 'list';
  return action;
}

/** Whether two permissions name the same model and action (`order.update_own` asks about `order.update`). */
function sameGrant(required: string, asked: string): boolean {
  const a = parsePermission(required);
  const b = parsePermission(asked);
  return a.model === b.model && a.action === b.action;
}

function valueAt(row: Row, path: string): unknown {
  let value: unknown = row;
  for (const part of path.split('.')) value = (value as Row | null | undefined)?.[part];
  return value;
}

/** The stored row without loaded relations, as the API hands it to policies. */
function plainColumns(row: Row): Row {
  return Object.fromEntries(
    Object.entries(row).filter(
      ([, value]) => value === null || typeof value !== 'object' || value instanceof Date,
    ),
  );
}

/** A key column's value as ids travel (`1` → `"1"`). */
function keyText(value: unknown): string {
  return typeof value === 'number' || typeof value === 'string' || typeof value === 'bigint'
    ? String(value)
    : '';
}
