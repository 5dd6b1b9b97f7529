import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RequestContext } from '@rail/core';
import { DataSource } from 'typeorm';
import { RAIL_AUTH_OPTIONS, type ResolvedAuthOptions } from '../rail-auth.options.js';
import { userIdValue } from '../sessions/user-id-value.js';

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
  /** The user's company (tenant); `null` when there is no known user or the user has none. */
  readonly companyId: string | null;
  /** The user's roles when known, for the record. */
  readonly roles?: readonly string[];
  /** What was attempted, e.g. the email of a failed sign-in; never a secret. */
  readonly subject?: string;
  readonly reason?: string;
  readonly requestId?: string;
  readonly ip?: string;
  readonly userAgent?: string;
  readonly occurredAt: Date;
}

export type AuthEventListener = (event: AuthEvent) => void | Promise<void>;

interface EventUser {
  readonly companyId: number | string | null;
  readonly roles?: readonly string[];
}

/**
 * Every sign-in, failure, lockout, token reuse, MFA change and password
 * change. Logged here; the audit library subscribes to store them. A
 * listener that throws fails the operation that emitted the event.
 */
@Injectable()
export class AuthEvents {
  private readonly logger = new Logger('AuthEvents');
  private readonly listeners: AuthEventListener[] = [];

  constructor(
    private readonly context: RequestContext,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RAIL_AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
  ) {}

  subscribe(listener: AuthEventListener): void {
    this.listeners.push(listener);
  }

  /**
   * `user` names the user's company and roles when the caller has the row at
   * hand; otherwise, with listeners to tell, the user is looked up by id.
   */
  async emit(
    type: AuthEventType,
    details: { userId: string | null; user?: EventUser | null; subject?: string; reason?: string },
  ): Promise<void> {
    const { user: given, ...rest } = details;
    const user = given ?? (this.listeners.length > 0 ? await this.lookUp(details.userId) : null);
    const event: AuthEvent = {
      type,
      ...rest,
      companyId: user?.companyId === null || user?.companyId === undefined ? null : String(user.companyId),
      roles: user?.roles,
      requestId: this.context.requestId,
      ip: this.context.ip,
      userAgent: this.context.userAgent,
      occurredAt: new Date(),
    };
    this.logger.log(JSON.stringify(event));
    for (const listener of this.listeners) await listener(event);
  }

  private async lookUp(userId: string | null): Promise<EventUser | null> {
    if (userId === null) return null;
    return this.dataSource
      .getRepository(this.options.userEntity)
      .findOne({ where: { id: userIdValue(userId) }, select: { id: true, companyId: true, roles: true } });
  }
}
