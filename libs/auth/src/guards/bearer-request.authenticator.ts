import { type RailPrincipal, RailExtension, RailExtensionPoint, type RequestAuthenticator } from '@rail/core';
import type { IncomingHttpHeaders } from 'node:http';
import passport from 'passport';
import type { AuthPrincipal } from '../sessions/auth-principal.js';
import { RAIL_JWT_STRATEGY } from './jwt.strategy.js';

/**
 * The bearer token of a request, checked exactly as the guard checks it (same
 * passport strategy: algorithm, key, claims, live session), for decisions the
 * core takes before resolvers run. An MFA-enrolment-only session counts as nobody.
 */
@RailExtension(RailExtensionPoint.RequestAuthenticator)
export class BearerRequestAuthenticator implements RequestAuthenticator {
  authenticate(request: { readonly headers: IncomingHttpHeaders }): Promise<RailPrincipal | null> {
    if (!request.headers.authorization) return Promise.resolve(null);
    return new Promise((resolve) => {
      const verify = passport.authenticate(
        RAIL_JWT_STRATEGY,
        { session: false },
        (error: unknown, user: AuthPrincipal | false | undefined) =>
          resolve(error || !user || user.mfaEnrolmentOnly ? null : user),
      ) as (req: unknown, res: unknown, next: () => void) => void;
      verify(request, {}, () => resolve(null));
    });
  }
}
