import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isAuthEvent, RailEvents, RequestContext, type AuthEvent, type AuthEventType } from '@rail/core';
import { DataSource } from 'typeorm';
import { RAIL_AUTH_OPTIONS, type ResolvedAuthOptions } from '../rail-auth.options.js';
import { userIdValue } from '../sessions/user-id-value.js';

export type { AuthEvent, AuthEventType } from '@rail/core';

export type AuthEventListener = (event: AuthEvent) => void | Promise<void>;

interface EventUser {
  readonly companyId: number | string | null;
  readonly roles?: readonly string[];
}

/**
 * Every sign-in, failure, lockout, token reuse, MFA change and password
 * change: logged here and published on the suite's `RailEvents` bus, where
 * the audit library stores them and metrics count them. A listener that
 * throws fails the operation that emitted the event.
 */
@Injectable()
export class AuthEvents {
  private readonly logger = new Logger('AuthEvents');
  constructor(
    private readonly bus: RailEvents,
    private readonly context: RequestContext,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RAIL_AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
  ) {}

  /** Listens to the auth events only (the whole bus is `RailEvents`). */
  subscribe(listener: AuthEventListener): void {
    this.bus.subscribe((event) => (isAuthEvent(event) ? listener(event) : undefined));
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
    const user = given ?? (this.bus.listened ? await this.lookUp(details.userId) : null);
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
    await this.bus.emit(event);
  }

  private async lookUp(userId: string | null): Promise<EventUser | null> {
    if (userId === null) return null;
    return this.dataSource
      .getRepository(this.options.userEntity)
      .findOne({ where: { id: userIdValue(userId) }, select: { id: true, companyId: true, roles: true } });
  }
}
