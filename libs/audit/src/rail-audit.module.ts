import { Module } from '@nestjs/common';
import { AuditSink, railLibraryModule, type RailLibraryAsyncOptions, ModelReader } from '@rail/core';
import { AuditChangesRedactor } from './audit-changes.redactor.js';
import { AuditDatabaseGuard } from './audit-database.guard.js';
import { AuditMutationObserver } from './audit-mutation.observer.js';
import { AuditReadObserver } from './audit-read.observer.js';
import { AuditResolver } from './audit.resolver.js';
import { AuditService } from './audit.service.js';
import { AuditedModels } from './audited-models.js';
import { AuditMetadataContributor } from './audit.metadata-contributor.js';
import { auditOptionsSchema, RAIL_AUDIT_OPTIONS, type RailAuditOptions } from './rail-audit.options.js';
import { SecurityEventRecorder } from './security-event.recorder.js';

/** `forRootAsync`'s argument; a `useClass` / `useExisting` class implements `createAuditOptions()`. */
export type RailAuditAsyncOptions = RailLibraryAsyncOptions<RailAuditOptions, 'createAuditOptions'>;

/**
 * The audit trail: entity events of `@Audited()` models in the write's own
 * transaction, auth and security events in their own, one hash chain per
 * company, `auditEvents` / `auditTrail` for readers the rbac config allows
 * (`AuditEvent` model, permission prefix `audit`).
 *
 * Import after RailSchemaModule, RailAuthModule and RailRbacModule, and list
 * `auditEntities` with the app's entities.
 *
 * @example
 * RailAuditModule.forRoot()
 */
@Module({})
export class RailAuditModule extends railLibraryModule({
  name: 'RailAuditModule',
  requires: [{ module: 'RailSchemaModule', token: ModelReader }],
  schema: auditOptionsSchema,
  optionsToken: RAIL_AUDIT_OPTIONS,
  factoryMethodName: 'createAuditOptions',
  module: {
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
  },
}) {}
