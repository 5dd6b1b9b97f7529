import { RailExtension, RailExtensionPoint, type MutationEvent, type MutationObserver } from '@rail/core';
import type { EntityManager } from 'typeorm';
import { auditChanges } from './audit-diff.js';
import { AuditService, type AuditRecordInput } from './audit.service.js';
import { AuditedModels } from './audited-models.js';

/** `create` → `entity.created`; a model action (`confirm`) is an update that names itself. */
function eventTypeOf(operation: string): string {
  if (operation === 'create') return 'entity.created';
  if (operation === 'delete') return 'entity.deleted';
  return 'entity.updated';
}

/**
 * Writes the entity events of `@Audited()` models inside the mutation's own
 * transaction, all of them in one INSERT just before it commits: if the
 * trail cannot be written, the mutation does not happen.
 */
@RailExtension(RailExtensionPoint.MutationObserver)
export class AuditMutationObserver implements MutationObserver {
  constructor(
    private readonly audit: AuditService,
    private readonly audited: AuditedModels,
  ) {}

  async beforeCommit(events: readonly MutationEvent[], transaction: EntityManager): Promise<void> {
    const records: AuditRecordInput[] = [];
    for (const event of events) {
      const options = this.audited.options(event.model);
      if (!options) continue;
      const changes = auditChanges(event.before, event.after, new Set(options.redact ?? []));
      // An update that changed nothing leaves no entry.
      if (!changes && event.before && event.after) continue;
      records.push({
        eventType: eventTypeOf(event.operation),
        outcome: 'success',
        model: event.model,
        entityId: event.entityId ?? null,
        changes,
        details: ['create', 'update', 'delete'].includes(event.operation)
          ? null
          : { action: event.operation },
        actorId: event.principal?.userId ?? null,
        actorRoles: event.principal?.roles ?? null,
        companyId: this.companyOf(event),
      });
    }
    await this.audit.recordIn(transaction, records);
  }

  /** The row's own company when it has one (the tenant whose data changed), else the actor's. */
  private companyOf(event: MutationEvent): string | null {
    const row = event.after ?? event.before;
    const own = row?.companyId;
    if (typeof own === 'number' || typeof own === 'string') return String(own);
    return event.principal?.companyId ?? null;
  }
}
