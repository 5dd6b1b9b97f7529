import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RailError, RailErrorCode, RequestContext } from '@rail/core';
import { DataSource } from 'typeorm';
import { AuthEvents } from './events/auth-events.service.js';
import { MfaService } from './mfa/mfa.service.js';
import { PasswordHasher } from './password/password-hasher.js';
import { PasswordPolicy } from './password/password-policy.js';
import { RAIL_AUTH_OPTIONS, type AuthUserRecord, type ResolvedAuthOptions } from './rail-auth.options.js';
import type { AuthPrincipal } from './sessions/auth-principal.js';
import { SessionService, type IssuedTokens } from './sessions/session.service.js';
import { userIdValue } from './sessions/user-id-value.js';
import { LoginThrottle, type ThrottleKeys } from './throttle/login-throttle.service.js';
import { normalizeLoginEmail } from './validation/login-email.js';
import { TokenService, unauthenticated } from './tokens/token.service.js';

export type SignInResult =
  | {
      readonly kind: 'signed-in';
      readonly tokens: IssuedTokens;
      readonly user: AuthUserRecord;
      readonly mfaEnrolmentRequired: boolean;
    }
  | { readonly kind: 'mfa-required'; readonly mfaToken: string };

/** The same answer for an unknown email and a wrong password: nothing tells which. */
const wrongCredentials = (): RailError => unauthenticated('Invalid email or password');

/** Sign-in, MFA completion, refresh, sign-out and password change. */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RAIL_AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly sessions: SessionService,
    private readonly mfa: MfaService,
    private readonly throttle: LoginThrottle,
    private readonly tokens: TokenService,
    private readonly events: AuthEvents,
    private readonly context: RequestContext,
  ) {}

  private keys(email: string): ThrottleKeys {
    return { account: email.trim().toLowerCase(), address: this.context.ip };
  }

  async login(email: string, password: string): Promise<SignInResult> {
    const keys = this.keys(normalizeLoginEmail(email));
    // Counted before the password is checked: parallel guesses cannot get past the limit.
    const attempt = await this.throttle.claim(keys);
    const user = await this.dataSource
      .getRepository(this.options.userEntity)
      .findOne({ where: { email: keys.account } });
    // An unknown account costs a full hash verification too, so timing tells nothing.
    const valid = user
      ? await this.hasher.verify(user.passwordHash, password)
      : await this.hasher.verifyAgainstDummy(password);
    if (!user || !valid || !user.isActive) {
      await this.events.emit('auth.login.failed', {
        userId: user ? String(user.id) : null,
        user,
        subject: keys.account,
        reason: 'invalid_credentials',
      });
      if (attempt.locked)
        await this.events.emit('auth.lockout', {
          userId: user ? String(user.id) : null,
          user,
          subject: keys.account,
        });
      throw wrongCredentials();
    }
    await this.throttle.succeeded(attempt, { resetAccount: true });
    const userId = String(user.id);
    if (await this.mfa.confirmedDevice(userId)) {
      return {
        kind: 'mfa-required',
        mfaToken: this.tokens.signMfa(userId, await this.mfa.openChallenge(userId)),
      };
    }
    const mfaEnrolmentRequired = this.mfa.requiresMfa(user.roles);
    const tokens = await this.sessions.start(user, ['pwd'], mfaEnrolmentRequired);
    await this.events.emit('auth.login.succeeded', {
      userId,
      user,
      reason: mfaEnrolmentRequired ? 'mfa_enrolment_required' : 'password',
    });
    return { kind: 'signed-in', tokens, user, mfaEnrolmentRequired };
  }

  async verifyMfaLogin(mfaToken: string, code: string): Promise<SignInResult & { kind: 'signed-in' }> {
    const claims = this.tokens.verifyMfa(mfaToken);
    const attempt = await this.throttle.claim({ account: `mfa:${claims.sub}`, address: this.context.ip });
    await this.mfa.answerChallenge(claims.jti, claims.sub, code);
    // A right code counts as no failure (as before, it does not clear earlier ones).
    await this.throttle.succeeded(attempt, { resetAccount: false });
    const user = await this.sessions.findUser(claims.sub);
    if (!user?.isActive) throw unauthenticated();
    const tokens = await this.sessions.start(user, ['pwd', 'otp'], false);
    await this.events.emit('auth.login.succeeded', { userId: claims.sub, user, reason: 'mfa' });
    return { kind: 'signed-in', tokens, user, mfaEnrolmentRequired: false };
  }

  async refresh(refreshToken: string): Promise<{ tokens: IssuedTokens; user: AuthUserRecord }> {
    return this.sessions.rotate(refreshToken);
  }

  async logout(principal: AuthPrincipal, refreshToken: string | undefined): Promise<boolean> {
    const done = refreshToken
      ? await this.sessions.revokeByRefreshToken(refreshToken, principal.userId)
      : await this.sessions.revokeSession(principal.sessionId, principal.userId, 'logout');
    await this.events.emit('auth.logout', { userId: principal.userId, user: principal, reason: 'session' });
    return done;
  }

  async logoutAll(principal: AuthPrincipal): Promise<boolean> {
    await this.sessions.revokeAll(principal.userId, 'logout_all');
    await this.events.emit('auth.logout', {
      userId: principal.userId,
      user: principal,
      reason: 'all_sessions',
    });
    return true;
  }

  /** Changes the password, ends every session, and signs this device in again. */
  async changePassword(
    principal: AuthPrincipal,
    currentPassword: string,
    newPassword: string,
  ): Promise<IssuedTokens> {
    const attempt = await this.throttle.claim(this.keys(principal.email));
    const user = await this.sessions.findUser(principal.userId);
    if (!user || !(await this.hasher.verify(user.passwordHash, currentPassword))) {
      throw new RailError(RailErrorCode.BAD_USER_INPUT, 'The current password is wrong', {
        field: 'currentPassword',
      });
    }
    await this.throttle.succeeded(attempt, { resetAccount: false });
    const problems = this.policy.problems(newPassword, { email: user.email });
    if (problems.length > 0) {
      throw new RailError(
        RailErrorCode.BAD_USER_INPUT,
        `The new password is not acceptable: ${problems.join('; ')}`,
        {
          field: 'newPassword',
          problems,
        },
      );
    }
    const passwordHash = await this.hasher.hash(newPassword);
    const tokens = await this.dataSource.transaction(async (manager) => {
      await manager.update(this.options.userEntity, { id: userIdValue(principal.userId) }, { passwordHash });
      await this.sessions.revokeAll(principal.userId, 'password_changed', manager);
      return this.sessions.start(user, [...principal.authMethods], principal.mfaEnrolmentOnly, manager);
    });
    await this.events.emit('auth.password.changed', { userId: principal.userId, user: principal });
    return tokens;
  }
}
