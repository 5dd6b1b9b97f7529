import { RailExtension, RailExtensionPoint, type ReadEvent, type ReadObserver } from '@rail/core';
import { AuditService } from './audit.service.js';
import { AuditedModels } from './audited-models.js';

/** How many row ids one read event lists; the count is always exact. */
const MAX_IDS = 100;

/** Records who read which rows, for models marked `@Audited({ reads: true })` only. */
@RailExtension(RailExtensionPoint.ReadObserver)
export class AuditReadObserver implements ReadObserver {
  constructor(
    private readonly audit: AuditService,
    private readonly audited: AuditedModels,
  ) {}

  async afterRead(event: ReadEvent): Promise<void> {
    if (!this.audited.options(event.model)?.reads || event.entityIds.length === 0) return;
    await this.audit.record({
      eventType: 'entity.read',
      outcome: 'success',
      model: event.model,
      entityId: event.operation === 'retrieve' ? (event.entityIds[0] ?? null) : null,
      details: {
        operation: event.operation,
        count: event.entityIds.length,
        // The rows, not the filter: filter values can be personal data the trail's readers may not see.
        ids: event.entityIds.slice(0, MAX_IDS),
      },
    });
  }
}
