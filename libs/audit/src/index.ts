import { AuditEvent } from './audit-event.entity.js';

export { RailAuditModule, type RailAuditAsyncOptions } from './rail-audit.module.js';
export type { RailAuditOptions } from './rail-audit.options.js';
export { AuditService, type AuditRecordInput } from './audit.service.js';
export { AuditEvent, auditOutcomes, type AuditOutcome } from './audit-event.entity.js';
export { Audited, auditedOptionsOf, type AuditedOptions } from './audited.decorator.js';
export type { AuditRecord } from './audit-record.js';
export type { AuditChanges, FieldChange } from './audit-diff.js';
export type {
  AuditVerification,
  AuditChainReport,
  AuditBreak,
  AuditBreakProblem,
} from './audit-chain.verifier.js';
export type { PruneResult } from './audit-retention.js';
export { AuditChainVerifier } from './audit-chain.verifier.js';
export { AuditChainWriter } from './audit-chain.writer.js';
export { AuditRetention } from './audit-retention.js';
export { createAuditTriggers, dropAuditTriggers } from './audit-triggers.js';
export { isSecretField } from './secret-fields.js';

/** The trail's table, to list with the app's TypeORM and schema entities. */
export const auditEntities = [AuditEvent];
