import { Inject, Injectable } from '@nestjs/common';
import { RailError, RailErrorCode } from '@rail/core';
import jwt from 'jsonwebtoken';
import { RAIL_AUTH_OPTIONS, type ResolvedAuthOptions } from '../rail-auth.options.js';
import { JwtKeyring } from './jwt-keyring.js';

/** The kinds of token Rail signs; the type is checked on every use, so one never passes for another. */
export type TokenType = 'access' | 'mfa';

/** Longer tokens are refused before any parsing. */
export const MAX_TOKEN_LENGTH = 4096;

export interface AccessClaims {
  readonly sub: string;
  readonly sid: string;
  readonly typ: 'access';
}

export interface MfaClaims {
  readonly sub: string;
  /** The MFA challenge this token answers. */
  readonly jti: string;
  readonly typ: 'mfa';
}

/**
 * Signs and verifies Rail's JWTs: the algorithm is pinned, `exp`, `iss` and
 * `aud` are required, and the clock tolerance is bounded.
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly keyring: JwtKeyring,
    @Inject(RAIL_AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
  ) {}

  signAccess(userId: string, sessionId: string): { token: string; expiresIn: number } {
    const expiresIn = this.options.jwt.accessTokenTtlSeconds;
    return { token: this.sign({ sub: userId, sid: sessionId, typ: 'access' }, expiresIn), expiresIn };
  }

  signMfa(userId: string, challengeId: string): string {
    return this.sign({ sub: userId, jti: challengeId, typ: 'mfa' }, this.options.mfa.challengeTtlSeconds);
  }

  /** Verifies an MFA-pending token; anything else is UNAUTHENTICATED. */
  verifyMfa(token: string): MfaClaims {
    const claims = this.verify(token, 'mfa');
    if (typeof claims.jti !== 'string') throw unauthenticated();
    return claims as unknown as MfaClaims;
  }

  /** Verifies a token of the given type with the pinned algorithm and key; never throws anything but UNAUTHENTICATED. */
  verify(token: string, type: TokenType): Record<string, unknown> {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) throw unauthenticated();
    try {
      const decoded = jwt.decode(token, { complete: true });
      const key = decoded && this.keyring.verificationKey(decoded.header.kid);
      if (!key) throw unauthenticated();
      const claims = jwt.verify(token, key, {
        algorithms: [this.keyring.algorithm],
        issuer: this.options.jwt.issuer,
        audience: this.options.jwt.audience,
        clockTolerance: this.options.jwt.clockToleranceSeconds,
      });
      // jsonwebtoken accepts tokens without `exp`; Rail does not.
      if (typeof claims === 'string') throw unauthenticated();
      const payload = claims as Record<string, unknown>;
      if (typeof payload.exp !== 'number' || payload.typ !== type || typeof payload.sub !== 'string')
        throw unauthenticated();
      return payload;
    } catch {
      throw unauthenticated();
    }
  }

  private sign(claims: Record<string, unknown>, expiresIn: number): string {
    return jwt.sign(claims, this.keyring.signingKey, {
      algorithm: this.keyring.algorithm,
      expiresIn,
      issuer: this.options.jwt.issuer,
      audience: this.options.jwt.audience,
      ...(this.keyring.signingKid ? { keyid: this.keyring.signingKid } : {}),
    });
  }
}

export function unauthenticated(message = 'Authentication required'): RailError {
  return new RailError(RailErrorCode.UNAUTHENTICATED, message);
}
