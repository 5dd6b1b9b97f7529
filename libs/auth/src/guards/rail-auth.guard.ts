import { type ExecutionContext, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AuthGuard } from '@nestjs/passport';
import { RailError, RailErrorCode, RailExtension, RailExtensionPoint, type RequestGuard } from '@rail/core';
import { ALLOWS_MFA_ENROLMENT_SESSIONS } from '../decorators/allow-mfa-enrolment.decorator.js';
import { IS_PUBLIC } from '../decorators/public.decorator.js';
import type { AuthPrincipal } from '../sessions/auth-principal.js';
import { RAIL_JWT_STRATEGY } from './jwt.strategy.js';

/**
 * Authentication everywhere by default (the core pipeline's first stage): `@Public()` opens an
 * operation, and a session that must enrol MFA reaches only the operations
 * marked for it.
 */
@RailExtension(RailExtensionPoint.RequestGuard)
export class RailAuthGuard extends AuthGuard(RAIL_JWT_STRATEGY) implements RequestGuard {
  readonly stage = 'authenticate';

  constructor(private readonly reflector: Reflector) {
    super();
  }

  override getRequest(context: ExecutionContext): unknown {
    return context.getType<string>() === 'graphql'
      ? GqlExecutionContext.create(context).getContext<{ req: unknown }>().req
      : context.switchToHttp().getRequest();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    await super.canActivate(context);
    const principal = (this.getRequest(context) as { user?: AuthPrincipal }).user;
    if (
      principal?.mfaEnrolmentOnly &&
      !this.reflector.getAllAndOverride<boolean>(ALLOWS_MFA_ENROLMENT_SESSIONS, targets)
    ) {
      throw new ForbiddenException('Set up multi-factor authentication first (setupTotp, confirmTotp)');
    }
    return true;
  }

  override handleRequest<T>(error: unknown, user: T): T {
    // The session could not be checked (the strategy's SERVICE_UNAVAILABLE): nothing was decided about
    // the caller, so 503, never a sign-out. Its message names no cause, so it tells an attacker nothing.
    if (error instanceof RailError && error.code === RailErrorCode.SERVICE_UNAVAILABLE) throw error;
    // One answer for every bad token (malformed, expired, forged, revoked): no detail for an attacker.
    // HTTP exceptions, so that REST routes answer 401/403 and GraphQL UNAUTHENTICATED/FORBIDDEN.
    if (error || !user) throw new UnauthorizedException('Authentication required');
    return user;
  }
}
