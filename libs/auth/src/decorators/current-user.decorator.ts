import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { AuthPrincipal } from '../sessions/auth-principal.js';

/**
 * The signed-in principal (user id, company, roles, MFA level) of the request.
 *
 * @example
 * @Query(() => User) me(@CurrentUser() principal: AuthPrincipal) { ... }
 */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthPrincipal | undefined => {
    const request =
      context.getType<string>() === 'graphql'
        ? GqlExecutionContext.create(context).getContext<{ req: { user?: AuthPrincipal } }>().req
        : context.switchToHttp().getRequest<{ user?: AuthPrincipal }>();
    return request.user;
  },
);
