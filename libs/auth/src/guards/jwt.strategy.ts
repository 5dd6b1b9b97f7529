import { Inject, Injectable, Logger } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { isInfrastructureError, RequestContext, serviceUnavailable } from '@rail/core';
import jwt from 'jsonwebtoken';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { RAIL_AUTH_OPTIONS, type ResolvedAuthOptions } from '../rail-auth.options.js';
import type { AuthPrincipal } from '../sessions/auth-principal.js';
import { SessionService } from '../sessions/session.service.js';
import { JwtKeyring } from '../tokens/jwt-keyring.js';
import { MAX_TOKEN_LENGTH } from '../tokens/token.service.js';

export const RAIL_JWT_STRATEGY = 'rail-jwt';

interface AccessPayload {
  sub?: unknown;
  sid?: unknown;
  typ?: unknown;
  exp?: unknown;
}

/**
 * Verifies Bearer access tokens: the configured algorithm only, the key by
 * `kid` from the keyring, `iss`, `aud` and `exp` required, then the session
 * and user read fresh so that revocation and deactivation apply at once.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, RAIL_JWT_STRATEGY) {
  private readonly logger = new Logger('Auth');
  private lastWarning = 0;

  constructor(
    keyring: JwtKeyring,
    @Inject(RAIL_AUTH_OPTIONS) options: ResolvedAuthOptions,
    private readonly sessions: SessionService,
    private readonly context: RequestContext,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      algorithms: [keyring.algorithm],
      issuer: options.jwt.issuer,
      audience: options.jwt.audience,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: options.jwt.clockToleranceSeconds },
      secretOrKeyProvider: (
        _request: unknown,
        rawJwt: string,
        done: (error: Error | null, key?: string | Buffer) => void,
      ) => {
        if (rawJwt.length > MAX_TOKEN_LENGTH) return done(new Error('token too long'));
        const decoded = jwt.decode(rawJwt, { complete: true });
        const key = decoded ? keyring.verificationKey(decoded.header.kid) : undefined;
        if (!key) return done(new Error('unknown key'));
        // jsonwebtoken takes the key object as it is (typed as string | Buffer by passport-jwt).
        done(null, key as unknown as string);
      },
    });
  }

  async validate(payload: AccessPayload): Promise<AuthPrincipal | false> {
    // jsonwebtoken accepts tokens without `exp`, and any token type; Rail does not.
    if (
      payload.typ !== 'access' ||
      typeof payload.exp !== 'number' ||
      typeof payload.sub !== 'string' ||
      typeof payload.sid !== 'string'
    ) {
      return false;
    }
    try {
      const principal = await this.sessions.principalFor(payload.sub, payload.sid);
      this.context.setPrincipal(principal);
      return principal;
    } catch (error) {
      // "Could not ask" is not "no such session": a database outage must not sign everyone out.
      if (isInfrastructureError(error)) {
        this.warnUnavailable(error);
        throw serviceUnavailable();
      }
      return false;
    }
  }

  /** Once per 30 s: during an outage every request fails here, and the log needs the cause only once. */
  private warnUnavailable(error: unknown): void {
    if (Date.now() - this.lastWarning < 30_000) return;
    this.lastWarning = Date.now();
    const message = error instanceof Error ? error.message : String(error);
    this.logger.warn(`Sessions cannot be checked, answering SERVICE_UNAVAILABLE: ${message}`);
  }
}
