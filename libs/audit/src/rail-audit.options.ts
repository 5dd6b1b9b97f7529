import { z } from 'zod';

/** The audit trail has nothing to configure yet; what it records is said on the entities (`@Audited()`). */
export const auditOptionsSchema = z.strictObject({});

export type RailAuditOptions = z.input<typeof auditOptionsSchema>;

export const RAIL_AUDIT_OPTIONS = Symbol('RAIL_AUDIT_OPTIONS');
