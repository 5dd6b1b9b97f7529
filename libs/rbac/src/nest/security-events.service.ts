import { Injectable, Logger } from '@nestjs/common';
import {
  isAuthEvent,
  RailEvents,
  RequestContext,
  type SecurityEvent,
  type SecurityEventType,
} from '@rail/core';

export type { SecurityEvent, SecurityEventType } from '@rail/core';

/** Denials, tenant violations and role changes: logged, and published on `RailEvents` for the audit trail. */
@Injectable()
export class SecurityEvents {
  private readonly logger = new Logger('SecurityEvents');
  constructor(
    private readonly bus: RailEvents,
    private readonly context: RequestContext,
  ) {}

  /** Listens to the security events only (the whole bus is `RailEvents`). */
  subscribe(listener: (event: SecurityEvent) => void | Promise<void>): void {
    this.bus.subscribe((event) => (isAuthEvent(event) ? undefined : listener(event)));
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
    await this.bus.emit(event);
  }
}
