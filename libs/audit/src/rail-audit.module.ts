import { Module, type DynamicModule } from '@nestjs/common';
import { AuditSink } from '@rail/core';
import { AuditChangesRedactor } from './audit-changes.redactor.js';
import { AuditDatabaseGuard } from './audit-database.guard.js';
import { AuditMutationObserver } from './audit-mutation.observer.js';
import { AuditReadObserver } from './audit-read.observer.js';
import { AuditResolver } from './audit.resolver.js';
import { AuditService } from './audit.service.js';
import { AuditedModels } from './audited-models.js';
import { SecurityEventRecorder } from './security-event.recorder.js';
import { AuditMetadataContributor } from './audit.metadata-contributor.js';

/**
 * The audit trail: entity events of `@Audited()` models in the write's own
 * transaction, auth and security events in their own, one hash chain per
 * company, `auditEvents` / `auditTrail` for readers the rbac config allows
 * (`AuditEvent` model, permission prefix `audit`).
 *
 * Import after RailSchemaModule, RailAuthModule and RailRbacModule, and list
 * `auditEntities` with the app's entities.
 */
@Module({})
export class RailAuditModule {
  static forRoot(): DynamicModule {
    return {
      module: RailAuditModule,
      global: true,
      providers: [
        AuditService,
        AuditedModels,
        AuditDatabaseGuard,
        AuditMutationObserver,
        AuditReadObserver,
        SecurityEventRecorder,
        AuditChangesRedactor,
        AuditResolver,
        AuditMetadataContributor,
        { provide: AuditSink, useExisting: AuditService },
      ],
      exports: [AuditService, AuditSink],
    };
  }
}
