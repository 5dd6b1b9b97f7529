import { SetMetadata } from '@nestjs/common';

export const ACCESS_REQUIREMENT = 'rail:access:requirement';

/**
 * How a root field is guarded. Every Query, Mutation and Subscription field
 * must carry one (checked at start-up), so a resolver that forgot its rule
 * cannot ship:
 * - `public`: open without a token (`@Public()`);
 * - `authenticated`: any signed-in user (`@Authenticated()`);
 * - `role` / `permission`: `@RequireRole` / `@RequirePermission`;
 * - `model-operation`: the field asks the model's operation authorizer itself
 *   (generated operations, or a field whose model is an argument).
 */
export type AccessRequirement = 'public' | 'authenticated' | 'role' | 'permission' | 'model-operation';

/** Marks a resolver, resolver method or controller with how it is guarded. */
export const DeclareAccess = (requirement: AccessRequirement): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_REQUIREMENT, requirement);

/**
 * Opens an operation to any signed-in user on purpose (what the user may see
 * of themselves: their sessions, their MFA factors).
 *
 * @example
 * @Authenticated() @Query(() => [SessionView]) mySessions() { ... }
 */
export const Authenticated = (): MethodDecorator & ClassDecorator => DeclareAccess('authenticated');

/**
 * Declares that the operation decides itself, for the model or dataset it is
 * given, through the same rules as the generated operations (an export of
 * `model` through the model's operation authorizer, a report through its
 * dataset's permission).
 *
 * @example
 * @AuthorizedPerModel() @Mutation(() => Task) exportModel(@Args('model') model: string) { ... }
 */
export const AuthorizedPerModel = (): MethodDecorator & ClassDecorator => DeclareAccess('model-operation');
