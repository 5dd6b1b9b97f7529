/** What @rail/rbac reports: denials, tenant violations and role changes. */
export type SecurityEventType =
  'permission.denied' | 'permission.shadow_denied' | 'tenant.violation' | 'role.assigned' | 'role.revoked';

export interface SecurityEvent {
  readonly type: SecurityEventType;
  readonly userId: string | null;
  /** The acting principal's company and roles. */
  readonly companyId: string | null;
  readonly roles: readonly string[];
  readonly model?: string;
  readonly entityId?: string;
  readonly permission?: string;
  readonly reason?: string;
  readonly requestId?: string;
  readonly ip?: string;
  readonly userAgent?: string;
  readonly occurredAt: Date;
}
