import { Injectable, Logger } from '@nestjs/common';
import { RequestContext } from '@rail/core';

export type AuthEventType =
  | 'auth.login.succeeded'
  | 'auth.login.failed'
  | 'auth.lockout'
  | 'auth.mfa.challenge.failed'
  | 'auth.mfa.enrolled'
  | 'auth.mfa.disabled'
  | 'auth.mfa.recovery_codes.regenerated'
  | 'auth.token.reuse_detected'
  | 'auth.password.changed'
  | 'auth.logout';

export interface AuthEvent {
  readonly type: AuthEventType;
  readonly userId: string | null;
  /** What was attempted, e.g. the email of a failed sign-in; never a secret. */
  readonly subject?: string;
  readonly reason?: string;
  readonly requestId?: string;
  readonly ip?: string;
  readonly userAgent?: string;
  readonly occurredAt: Date;
}

export type AuthEventListener = (event: AuthEvent) => void | Promise<void>;

/**
 * Every sign-in, failure, lockout, token reuse, MFA change and password
 * change. Logged here; the audit library subscribes to store them.
 */
@Injectable()
export class AuthEvents {
  private readonly logger = new Logger('AuthEvents');
  private readonly listeners: AuthEventListener[] = [];

  constructor(private readonly context: RequestContext) {}

  subscribe(listener: AuthEventListener): void {
    this.listeners.push(listener);
  }

  async emit(
    type: AuthEventType,
    details: { userId: string | null; subject?: string; reason?: string },
  ): Promise<void> {
    const event: AuthEvent = {
      type,
      ...details,
      requestId: this.context.requestId,
      ip: this.context.ip,
      userAgent: this.context.userAgent,
      occurredAt: new Date(),
    };
    this.logger.log(JSON.stringify(event));
    for (const listener of this.listeners) await listener(event);
  }
}
