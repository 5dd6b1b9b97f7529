import { Injectable, Logger } from '@nestjs/common';
import { RequestContext } from '@rail/core';

export type SecurityEventType =
  'permission.denied' | 'permission.shadow_denied' | 'tenant.violation' | 'role.assigned' | 'role.revoked';

export interface SecurityEvent {
  readonly type: SecurityEventType;
  readonly userId: string | null;
  readonly model?: string;
  readonly entityId?: string;
  readonly permission?: string;
  readonly reason?: string;
  readonly requestId?: string;
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
    details: Omit<SecurityEvent, 'type' | 'occurredAt' | 'requestId' | 'userId'>,
  ): Promise<void> {
    const event: SecurityEvent = {
      type,
      userId: this.context.principal?.userId ?? null,
      ...details,
      requestId: this.context.requestId,
      occurredAt: new Date(),
    };
    this.logger.warn(JSON.stringify(event));
    for (const listener of this.listeners) await listener(event);
  }
}
