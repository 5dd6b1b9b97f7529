import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Authenticated } from '@rail/core';
import { AuthService, type SignInResult } from '../auth.service.js';
import { AllowMfaEnrolmentSessions } from '../decorators/allow-mfa-enrolment.decorator.js';
import { CurrentUser } from '../decorators/current-user.decorator.js';
import { Public } from '../decorators/public.decorator.js';
import { MfaService } from '../mfa/mfa.service.js';
import type { AuthUserRecord } from '../rail-auth.options.js';
import type { AuthPrincipal } from '../sessions/auth-principal.js';
import { SessionService, type IssuedTokens } from '../sessions/session.service.js';
import {
  AuthPayload,
  AuthUserView,
  RecoveryCodesPayload,
  SessionView,
  TotpSetupPayload,
} from './auth.types.js';

/** Sign-in, sessions and MFA over GraphQL. */
// A user's own sign-in, sessions and factors: any signed-in user; sign-in itself is @Public().
@Authenticated()
@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
    private readonly mfa: MfaService,
  ) {}

  private async view(user: AuthUserRecord, authMethods: string[]): Promise<AuthUserView> {
    return {
      id: String(user.id),
      email: user.email,
      displayName: user.displayName ?? null,
      companyId: user.companyId === null ? null : String(user.companyId),
      roles: [...user.roles],
      mfaEnabled: (await this.mfa.confirmedDevice(String(user.id))) !== null,
      authMethods,
    };
  }

  private async signedIn(
    tokens: IssuedTokens,
    user: AuthUserRecord,
    authMethods: string[],
    mfaEnrolmentRequired: boolean,
  ): Promise<AuthPayload> {
    return {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresIn: tokens.expiresIn,
      user: await this.view(user, authMethods),
      mfaRequired: false,
      mfaToken: null,
      mfaEnrolmentRequired,
    };
  }

  private async payload(result: SignInResult, authMethods: string[]): Promise<AuthPayload> {
    if (result.kind === 'mfa-required') {
      return {
        accessToken: null,
        refreshToken: null,
        expiresIn: null,
        user: null,
        mfaRequired: true,
        mfaToken: result.mfaToken,
        mfaEnrolmentRequired: false,
      };
    }
    return this.signedIn(result.tokens, result.user, authMethods, result.mfaEnrolmentRequired);
  }

  @Public()
  @Mutation(() => AuthPayload, {
    // Nullable: each aliased attempt in one request is its own attempt, counted and answered.
    nullable: true,
    description: 'Signs in with email and password; may ask for an MFA code next.',
  })
  async login(@Args('email') email: string, @Args('password') password: string): Promise<AuthPayload> {
    return this.payload(await this.auth.login(email, password), ['pwd']);
  }

  @Public()
  // Nullable: each aliased attempt in one request is its own attempt, counted and answered.
  @Mutation(() => AuthPayload, {
    nullable: true,
    description: 'Finishes a sign-in with a TOTP code or a recovery code.',
  })
  async verifyMfaLogin(@Args('mfaToken') mfaToken: string, @Args('code') code: string): Promise<AuthPayload> {
    return this.payload(await this.auth.verifyMfaLogin(mfaToken, code), ['pwd', 'otp']);
  }

  @Public()
  @Mutation(() => AuthPayload, {
    // Nullable: each aliased attempt in one request is its own attempt, counted and answered.
    nullable: true,
    description: 'Exchanges a refresh token for new tokens; each refresh token works once.',
  })
  async refreshToken(@Args('refreshToken') refreshToken: string): Promise<AuthPayload> {
    const { tokens, user } = await this.auth.refresh(refreshToken);
    const principal = await this.sessions.principalFor(String(user.id), tokens.sessionId);
    return this.signedIn(tokens, user, [...principal.authMethods], principal.mfaEnrolmentOnly);
  }

  @AllowMfaEnrolmentSessions()
  @Mutation(() => Boolean, { description: 'Ends this session (or the one the refresh token belongs to).' })
  logout(
    @CurrentUser() principal: AuthPrincipal,
    @Args('refreshToken', { nullable: true }) refreshToken?: string,
  ): Promise<boolean> {
    return this.auth.logout(principal, refreshToken);
  }

  @Mutation(() => Boolean, { description: 'Ends every session of the user.' })
  logoutAll(@CurrentUser() principal: AuthPrincipal): Promise<boolean> {
    return this.auth.logoutAll(principal);
  }

  @AllowMfaEnrolmentSessions()
  @Query(() => AuthUserView)
  async me(@CurrentUser() principal: AuthPrincipal): Promise<AuthUserView> {
    const user = await this.sessions.findUser(principal.userId);
    return this.view(user!, [...principal.authMethods]);
  }

  @Query(() => [SessionView])
  async mySessions(@CurrentUser() principal: AuthPrincipal): Promise<SessionView[]> {
    const sessions = await this.sessions.listActive(principal.userId);
    return sessions.map((session) => ({
      id: session.id,
      userAgent: session.userAgent,
      ip: session.ip,
      createdAt: session.createdAt,
      lastUsedAt: session.lastUsedAt,
      current: session.id === principal.sessionId,
    }));
  }

  @Mutation(() => Boolean)
  revokeSession(@CurrentUser() principal: AuthPrincipal, @Args('id') id: string): Promise<boolean> {
    return this.sessions.revokeSession(id, principal.userId, 'revoked_by_user');
  }

  @Mutation(() => AuthPayload, {
    description: 'Changes the password; every session ends and this one is renewed.',
  })
  async changePassword(
    @CurrentUser() principal: AuthPrincipal,
    @Args('currentPassword') currentPassword: string,
    @Args('newPassword') newPassword: string,
  ): Promise<AuthPayload> {
    const tokens = await this.auth.changePassword(principal, currentPassword, newPassword);
    const user = await this.sessions.findUser(principal.userId);
    return this.signedIn(tokens, user!, [...principal.authMethods], principal.mfaEnrolmentOnly);
  }

  @AllowMfaEnrolmentSessions()
  @Mutation(() => TotpSetupPayload, {
    description: 'Starts enrolling an authenticator; with one already enrolled, give its current code.',
  })
  setupTotp(
    @CurrentUser() principal: AuthPrincipal,
    @Args('deviceName') deviceName: string,
    @Args('currentCode', { nullable: true }) currentCode?: string,
  ): Promise<TotpSetupPayload> {
    return this.mfa.setup(principal, deviceName, currentCode);
  }

  @AllowMfaEnrolmentSessions()
  @Mutation(() => RecoveryCodesPayload, {
    description: 'Confirms the new authenticator with its first code; returns recovery codes once.',
  })
  async confirmTotp(
    @CurrentUser() principal: AuthPrincipal,
    @Args('code') code: string,
  ): Promise<RecoveryCodesPayload> {
    const recoveryCodes = await this.mfa.confirm(principal, code);
    // This session proved the new factor: it is a full MFA session from now on.
    await this.sessions.upgrade(principal.sessionId, [...new Set([...principal.authMethods, 'otp'])]);
    return { recoveryCodes };
  }

  @Mutation(() => Boolean)
  async disableTotp(@CurrentUser() principal: AuthPrincipal, @Args('code') code: string): Promise<boolean> {
    await this.mfa.disable(principal, code);
    return true;
  }

  @Mutation(() => RecoveryCodesPayload)
  async regenerateRecoveryCodes(
    @CurrentUser() principal: AuthPrincipal,
    @Args('code') code: string,
  ): Promise<RecoveryCodesPayload> {
    return { recoveryCodes: await this.mfa.regenerateRecoveryCodes(principal, code) };
  }
}
