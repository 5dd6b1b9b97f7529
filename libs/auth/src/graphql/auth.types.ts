import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '@rail/core';

@ObjectType('AuthUser', { description: 'The signed-in user.' })
export class AuthUserView {
  @Field(() => ID) id!: string;
  @Field(() => String) email!: string;
  @Field(() => String, { nullable: true }) displayName!: string | null;
  @Field(() => ID, { nullable: true }) companyId!: string | null;
  @Field(() => [String]) roles!: string[];
  @Field(() => Boolean, { description: 'An authenticator is enrolled.' }) mfaEnabled!: boolean;
  @Field(() => [String], { description: 'How this session signed in: pwd, otp.' }) authMethods!: string[];
}

@ObjectType({ description: 'The outcome of a sign-in step.' })
export class AuthPayload {
  @Field(() => String, { nullable: true }) accessToken!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Opaque; exchange it with refreshToken before it expires.',
  })
  refreshToken!: string | null;
  @Field(() => Int, { nullable: true, description: 'Seconds until the access token expires.' }) expiresIn!:
    number | null;
  @Field(() => AuthUserView, { nullable: true }) user!: AuthUserView | null;
  @Field(() => Boolean, {
    description: 'Answer verifyMfaLogin with mfaToken and a code to finish signing in.',
  })
  mfaRequired!: boolean;
  @Field(() => String, { nullable: true }) mfaToken!: string | null;
  @Field(() => Boolean, {
    description: 'This session can only enrol an authenticator (setupTotp, confirmTotp).',
  })
  mfaEnrolmentRequired!: boolean;
}

@ObjectType('AuthSession', { description: 'A signed-in device.' })
export class SessionView {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) userAgent!: string | null;
  @Field(() => String, { nullable: true }) ip!: string | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar) lastUsedAt!: Date;
  @Field(() => Boolean, { description: 'The session of this request.' }) current!: boolean;
}

@ObjectType({ description: 'A new authenticator to confirm with its first code.' })
export class TotpSetupPayload {
  @Field(() => String, { description: 'Base32; show it once, for manual entry.' }) secret!: string;
  @Field(() => String) otpauthUri!: string;
  @Field(() => String, { description: 'A PNG data URL of the otpauth QR code.' }) qrCodeDataUrl!: string;
}

@ObjectType({ description: 'Single-use recovery codes; shown once, store them safely.' })
export class RecoveryCodesPayload {
  @Field(() => [String]) recoveryCodes!: string[];
}
