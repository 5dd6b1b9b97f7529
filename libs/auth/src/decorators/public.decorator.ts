import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'rail:auth:public';

/**
 * Opens a resolver or route to callers without a token. Everything else needs
 * authentication.
 *
 * @example
 * @Public() @Mutation(() => AuthPayload) login(...) { ... }
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
