import { Injectable, type OnModuleInit } from '@nestjs/common';
import { isAuthEvent, RailEvents, type AuthEvent, type SecurityEvent } from '@rail/core';
import type { AuditOutcome } from './audit-event.entity.js';
import { AuditService } from './audit.service.js';

function authOutcome(type: AuthEvent['type']): AuditOutcome {
  switch (type) {
    case 'auth.login.failed':
    case 'auth.lockout':
    case 'auth.mfa.challenge.failed':
    case 'auth.token.reuse_detected':
      return 'failure';
    default:
      return 'success';
  }
}

function securityOutcome(type: SecurityEvent['type']): AuditOutcome {
  return type === 'permission.denied' || type === 'tenant.violation' ? 'denied' : 'success';
}

/**
 * Stores what the auth and rbac libraries report (sign-ins, failures,
 * lockouts, token reuse, MFA and password changes, denials, tenant
 * violations, role changes) on the `RailEvents` bus, each in its own
 * transaction: a refused request still leaves its trace. Either library may
 * be absent; then nothing of its kind is published.
 */
@Injectable()
export class SecurityEventRecorder implements OnModuleInit {
  constructor(
    private readonly audit: AuditService,
    private readonly events: RailEvents,
  ) {}

  onModuleInit(): void {
    this.events.subscribe((event) =>
      isAuthEvent(event) ? this.recordAuth(event) : this.recordSecurity(event),
    );
  }

  private recordAuth(event: AuthEvent): Promise<void> {
    return this.audit.record({
      eventType: event.type,
      outcome: authOutcome(event.type),
      occurredAt: event.occurredAt,
      companyId: event.companyId,
      actorId: event.userId,
      actorRoles: event.roles ?? null,
      requestId: event.requestId,
      ip: event.ip,
      userAgent: event.userAgent,
      model: event.userId ? 'User' : null,
      entityId: event.userId,
      // The email tried, never a password or token.
      details: event.subject ? { subject: event.subject } : null,
      reason: event.reason ?? null,
    });
  }

  private recordSecurity(event: SecurityEvent): Promise<void> {
    const roleChange = event.type === 'role.assigned' || event.type === 'role.revoked';
    return this.audit.record({
      eventType: event.type,
      outcome: securityOutcome(event.type),
      occurredAt: event.occurredAt,
      companyId: event.companyId,
      actorId: event.userId,
      actorRoles: event.roles,
      requestId: event.requestId,
      ip: event.ip,
      userAgent: event.userAgent,
      model: roleChange ? 'User' : (event.model ?? null),
      entityId: event.entityId ?? null,
      details: {
        ...(event.permission ? { permission: event.permission } : {}),
        ...(roleChange && event.reason ? { role: event.reason } : {}),
      },
      reason: event.reason ?? null,
    });
  }
}
