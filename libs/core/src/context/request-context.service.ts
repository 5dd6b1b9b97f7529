import { Injectable } from '@nestjs/common';
import { ClsService, type ClsStore } from 'nestjs-cls';
import type { RailPrincipal } from '../extension-points/rail-principal.js';

export interface RailRequestStore extends ClsStore {
  ip?: string;
  userAgent?: string;
  principal?: RailPrincipal;
  sqlStatements?: number;
  /** This request's SQL statement timeout when one of its root fields has its own (ms). */
  statementTimeoutMs?: number;
  withheld?: { masked: Set<string>; hidden: Set<string> };
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

  /** SQL statements this request has run so far. */
  get sqlStatementCount(): number {
    return this.cls.isActive() ? (this.cls.get('sqlStatements') ?? 0) : 0;
  }

  /** Called for every SQL statement; counts it against the current request. */
  countSqlStatement(): void {
    if (this.cls.isActive()) this.cls.set('sqlStatements', (this.cls.get('sqlStatements') ?? 0) + 1);
  }

  /** Records that the value at a response path (`customers.0.email`) reached this request masked or hidden. */
  noteWithheld(path: string, visibility: 'masked' | 'hidden'): void {
    if (!this.cls.isActive()) return;
    let withheld = this.cls.get('withheld');
    if (!withheld) {
      withheld = { masked: new Set(), hidden: new Set() };
      this.cls.set('withheld', withheld);
    }
    withheld[visibility].add(path);
  }

  /** The fields withheld from this request so far. */
  get withheld(): { masked: string[]; hidden: string[] } | undefined {
    const withheld = this.cls.isActive() ? this.cls.get('withheld') : undefined;
    return withheld
      ? { masked: [...withheld.masked].sort(), hidden: [...withheld.hidden].sort() }
      : undefined;
  }

  /** True inside an HTTP request (not at start-up or in background work). */
  get active(): boolean {
    return this.cls.isActive();
  }

  /** The statement timeout a root field of this request asks for, if any. */
  get statementTimeoutMs(): number | undefined {
    return this.cls.isActive() ? this.cls.get('statementTimeoutMs') : undefined;
  }

  setStatementTimeout(ms: number): void {
    if (this.cls.isActive()) this.cls.set('statementTimeoutMs', ms);
  }

  /** Set by the authentication library once a credential has been verified. */
  setPrincipal(principal: RailPrincipal): void {
    this.cls.set('principal', principal);
  }
}
