import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { RAIL_EXPORT_OPTIONS, type ResolvedExportOptions } from './rail-export.options.js';

export interface ExportFileClaims {
  /** The storage key. */
  readonly key: string;
  readonly filename: string;
  readonly format: 'csv' | 'xlsx';
  /** Expiry, in seconds since the epoch. */
  readonly exp: number;
}

export type LinkCheck =
  | { readonly kind: 'valid'; readonly claims: ExportFileClaims }
  | { readonly kind: 'expired' }
  | { readonly kind: 'invalid' };

/**
 * Short-lived download links: `<claims>.<HMAC-SHA256>` in base64url. The
 * link is the credential (a browser can follow it without a token), so it
 * names one file and stops working after `linkTtlSeconds`.
 */
@Injectable()
export class ExportFileLinks {
  constructor(@Inject(RAIL_EXPORT_OPTIONS) private readonly options: ResolvedExportOptions) {}

  sign(file: Omit<ExportFileClaims, 'exp'>, now = Date.now()): { token: string; expiresAt: Date } {
    const exp = Math.floor(now / 1000) + this.options.linkTtlSeconds;
    const body = Buffer.from(JSON.stringify({ ...file, exp })).toString('base64url');
    return { token: `${body}.${this.mac(body)}`, expiresAt: new Date(exp * 1000) };
  }

  check(token: string, now = Date.now()): LinkCheck {
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined) return { kind: 'invalid' };
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { kind: 'invalid' };
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as ExportFileClaims;
    return claims.exp * 1000 <= now ? { kind: 'expired' } : { kind: 'valid', claims };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.options.signingSecret).update(body).digest('base64url');
  }
}
