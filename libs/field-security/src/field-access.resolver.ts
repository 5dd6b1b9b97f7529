import { Args, Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Authenticated, RailError, RailErrorCode, RequestContext } from '@rail/core';
import { FieldPolicyRegistry } from './field-policy.registry.js';

@ObjectType({ description: 'How one field of a model reaches you.' })
export class FieldAccessView {
  @Field(() => String) field!: string;
  @Field(() => String, { description: 'visible, masked, hidden, or per-row (decided row by row)' })
  read!: string;
  @Field(() => Boolean) writable!: boolean;
}

/** `fieldAccess(model)`: each policed field's read and write access for the caller, for UIs. */
@Resolver()
export class FieldAccessResolver {
  constructor(
    private readonly registry: FieldPolicyRegistry,
    private readonly context: RequestContext,
  ) {}

  // What reaches the caller, for the caller: any signed-in user may ask.
  @Authenticated()
  @Query(() => [FieldAccessView], {
    description: 'Fields of the model with a field policy, as they reach you.',
  })
  fieldAccess(@Args('model') model: string): FieldAccessView[] {
    if (!(model in this.registry.models))
      throw new RailError(RailErrorCode.BAD_USER_INPUT, `Unknown model "${model}"`);
    const principal = this.context.principal;
    return [...this.registry.policiesOf(model)].map(([field, policy]) => ({
      field,
      read: policy.readAccess(principal).visibility,
      writable: policy.mayWrite(principal),
    }));
  }
}
