import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'Why a principal may or may not do something.' })
export class PermissionExplanation {
  @Field(() => Boolean) allowed!: boolean;
  @Field(() => String, {
    description:
      'permission_granted, permission_missing, policy_deny, policy_allow, not_owner, not_assigned, tenant_mismatch',
  })
  reason!: string;
  @Field(() => [String], { description: 'The effective roles, inherited ones included.' }) roles!: string[];
  @Field(() => [String]) effectivePermissions!: string[];
  @Field(() => [String]) matchedPolicies!: string[];
  @Field(() => String, {
    nullable: true,
    description: 'own or assigned when only a contextual grant applies.',
  })
  contextRequired!: string | null;
  @Field(() => Boolean, { nullable: true }) contextAllowed!: boolean | null;
}
