import { applyDecorators, SetMetadata } from '@nestjs/common';
import { DeclareAccess } from '../access/access-requirement.decorator.js';

export const IS_PUBLIC = 'rail:auth:public';

/**
 * Opens a resolver or route to callers without a token (sign-in, health
 * probes). Everything else needs authentication. Lives in the core so that
 * any library can open a route without depending on the auth library.
 *
 * @example
 * @Public() @Mutation(() => AuthPayload) login(...) { ... }
 */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), DeclareAccess('public'));
