import { Injectable } from '@nestjs/common';
import { ClsService, type ClsStore } from 'nestjs-cls';
import type { RailPrincipal } from '../extension-points/rail-principal.js';

export interface RailRequestStore extends ClsStore {
  ip?: string;
  userAgent?: string;
  principal?: RailPrincipal;
}

/**
 * The current request's id, client and principal, readable from any provider
 * (services, loggers, audit) without passing them down by hand.
 */
@Injectable()
export class RequestContext {
  constructor(private readonly cls: ClsService<RailRequestStore>) {}

  /** The request id, or `undefined` outside a request (start-up, background tasks). */
  get requestId(): string | undefined {
    return this.cls.isActive() ? this.cls.getId() : undefined;
  }

  get ip(): string | undefined {
    return this.cls.isActive() ? this.cls.get('ip') : undefined;
  }

  get userAgent(): string | undefined {
    return this.cls.isActive() ? this.cls.get('userAgent') : undefined;
  }

  get principal(): RailPrincipal | undefined {
    return this.cls.isActive() ? this.cls.get('principal') : undefined;
  }

  /** Set by the authentication library once a credential has been verified. */
  setPrincipal(principal: RailPrincipal): void {
    this.cls.set('principal', principal);
  }
}
