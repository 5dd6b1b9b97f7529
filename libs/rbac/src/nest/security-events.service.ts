import { Injectable, Logger } from '@nestjs/common';
import { RequestContext } from '@rail/core';

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

/** Denials, tenant violations and role changes: logged now; the audit library subscribes to store them. */
@Injectable()
export class SecurityEvents {
  private readonly logger = new Logger('SecurityEvents');
  private readonly listeners: Array<(event: SecurityEvent) => void | Promise<void>> = [];

  constructor(private readonly context: RequestContext) {}

  subscribe(listener: (event: SecurityEvent) => void | Promise<void>): void {
    this.listeners.push(listener);
  }

  async emit(
    type: SecurityEventType,
    details: Omit<
      SecurityEvent,
      'type' | 'occurredAt' | 'requestId' | 'userId' | 'companyId' | 'roles' | 'ip' | 'userAgent'
    >,
  ): Promise<void> {
    const principal = this.context.principal;
    const event: SecurityEvent = {
      type,
      userId: principal?.userId ?? null,
      companyId: principal?.companyId ?? null,
      roles: principal?.roles ?? [],
      ...details,
      requestId: this.context.requestId,
      ip: this.context.ip,
      userAgent: this.context.userAgent,
      occurredAt: new Date(),
    };
    this.logger.warn(JSON.stringify(event));
    for (const listener of this.listeners) await listener(event);
  }
}
