import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RailError, RailErrorCode, SecretBox } from '@rail/core';
import { DataSource, IsNull, Not, type EntityManager } from 'typeorm';
import { AuthMfaChallenge } from '../entities/auth-mfa-challenge.entity.js';
import { AuthMfaDevice } from '../entities/auth-mfa-device.entity.js';
import { AuthRecoveryCode } from '../entities/auth-recovery-code.entity.js';
import { AuthEvents } from '../events/auth-events.service.js';
import { RAIL_AUTH_OPTIONS, type ResolvedAuthOptions } from '../rail-auth.options.js';
import type { AuthPrincipal } from '../sessions/auth-principal.js';
import { SessionService } from '../sessions/session.service.js';
import { unauthenticated } from '../tokens/token.service.js';
import { generateRecoveryCodes, hashRecoveryCode } from './recovery-codes.js';
import { TotpService } from './totp.service.js';

export interface TotpSetup {
  readonly secret: string;
  readonly otpauthUri: string;
  readonly qrCodeDataUrl: string;
}

const invalidCode = (field = 'code'): RailError =>
  new RailError(RailErrorCode.BAD_USER_INPUT, 'Invalid code', { field });

/**
 * TOTP devices and recovery codes. A code is accepted once: the last accepted
 * time step is advanced with a compare-and-set, so a replay inside the same
 * step (or a concurrent double use) fails. Recovery codes are single use the
 * same way.
 */
@Injectable()
export class MfaService {
  private readonly box: SecretBox;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RAIL_AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
    private readonly totp: TotpService,
    private readonly events: AuthEvents,
    private readonly sessions: SessionService,
  ) {
    this.box = SecretBox.fromBase64Key(options.mfa.encryptionKey!);
  }

  async confirmedDevice(userId: string): Promise<AuthMfaDevice | null> {
    return this.dataSource
      .getRepository(AuthMfaDevice)
      .findOne({ where: { userId, confirmedAt: Not(IsNull()) } });
  }

  requiresMfa(roles: readonly string[]): boolean {
    return roles.some((role) => this.options.mfa.requiredForRoles.includes(role));
  }

  /**
   * Starts enrolling a device. Needs a full session, and a valid code of the
   * existing device when there is one, so a stolen password alone cannot
   * replace the authenticator.
   */
  async setup(
    principal: AuthPrincipal,
    deviceName: string,
    currentCode: string | undefined,
  ): Promise<TotpSetup> {
    const existing = await this.confirmedDevice(principal.userId);
    if (existing) {
      if (!principal.authMethods.includes('otp')) {
        throw new RailError(
          RailErrorCode.FORBIDDEN,
          'Replacing an authenticator needs a session signed in with MFA',
        );
      }
      if (!currentCode || !(await this.acceptTotp(existing, currentCode))) throw invalidCode('currentCode');
    }
    const name = deviceName.trim().slice(0, 100) || 'Authenticator';
    const secret = this.totp.generateSecret();
    const repository = this.dataSource.getRepository(AuthMfaDevice);
    await repository.delete({ userId: principal.userId, confirmedAt: IsNull() });
    await repository.insert({
      id: randomUUID(),
      userId: principal.userId,
      name,
      secretSealed: this.box.seal(secret),
      confirmedAt: null,
      lastUsedStep: null,
      createdAt: new Date(),
    });
    const otpauthUri = this.totp.otpauthUri(secret, {
      issuer: this.options.mfa.issuer,
      label: principal.email,
    });
    return { secret, otpauthUri, qrCodeDataUrl: await this.totp.qrCodeDataUrl(otpauthUri) };
  }

  /**
   * Confirms the pending device with its first code; replaces any older device;
   * returns new recovery codes. Every other session of the user ends (ASVS
   * 7.4.3): they were opened without this factor, perhaps by whoever made the
   * user add it. This session goes on, upgraded by the caller.
   */
  async confirm(principal: AuthPrincipal, code: string): Promise<string[]> {
    const pending = await this.dataSource
      .getRepository(AuthMfaDevice)
      .findOne({ where: { userId: principal.userId, confirmedAt: IsNull() }, order: { createdAt: 'DESC' } });
    if (!pending)
      throw new RailError(
        RailErrorCode.BAD_USER_INPUT,
        'No authenticator is being set up; call setupTotp first',
      );
    if (!(await this.acceptTotp(pending, code))) throw invalidCode();
    const codes = await this.dataSource.transaction(async (manager) => {
      await manager.delete(AuthMfaDevice, { userId: principal.userId, id: Not(pending.id) });
      await manager.update(AuthMfaDevice, { id: pending.id }, { confirmedAt: new Date() });
      await this.sessions.revokeOthers(principal.userId, principal.sessionId, 'mfa_enrolled', manager);
      return this.replaceRecoveryCodes(manager, principal.userId);
    });
    await this.events.emit('auth.mfa.enrolled', { userId: principal.userId, user: principal });
    return codes;
  }

  /**
   * Removes the authenticator and the recovery codes. Needs a fresh proof with
   * the mutation: a TOTP code of a step not used yet, or an unused recovery code
   * (the way back for a user who lost the device). Ends the other sessions.
   */
  async disable(principal: AuthPrincipal, code: string): Promise<void> {
    await this.assertValidCode(principal.userId, code, { recoveryCodeAccepted: true });
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(AuthMfaDevice, { userId: principal.userId });
      await manager.delete(AuthRecoveryCode, { userId: principal.userId });
      await this.sessions.revokeOthers(principal.userId, principal.sessionId, 'mfa_disabled', manager);
    });
    await this.events.emit('auth.mfa.disabled', { userId: principal.userId, user: principal });
  }

  /** New recovery codes (a changed factor): needs a fresh TOTP code, ends the other sessions. */
  async regenerateRecoveryCodes(principal: AuthPrincipal, code: string): Promise<string[]> {
    await this.assertValidCode(principal.userId, code, { recoveryCodeAccepted: false });
    const codes = await this.dataSource.transaction(async (manager) => {
      await this.sessions.revokeOthers(
        principal.userId,
        principal.sessionId,
        'mfa_recovery_codes_regenerated',
        manager,
      );
      return this.replaceRecoveryCodes(manager, principal.userId);
    });
    await this.events.emit('auth.mfa.recovery_codes.regenerated', {
      userId: principal.userId,
      user: principal,
    });
    return codes;
  }

  async openChallenge(userId: string): Promise<string> {
    const id = randomUUID();
    await this.dataSource.getRepository(AuthMfaChallenge).insert({
      id,
      userId,
      failures: 0,
      expiresAt: new Date(Date.now() + this.options.mfa.challengeTtlSeconds * 1000),
      consumedAt: null,
    });
    return id;
  }

  /**
   * Answers a sign-in challenge with a TOTP or a recovery code. Wrong codes
   * count; the configured number of them ends the challenge.
   */
  async answerChallenge(challengeId: string, userId: string, code: string): Promise<void> {
    const repository = this.dataSource.getRepository(AuthMfaChallenge);
    const challenge = await repository.findOne({ where: { id: challengeId, userId } });
    if (
      !challenge ||
      challenge.consumedAt ||
      challenge.expiresAt <= new Date() ||
      challenge.failures >= this.options.mfa.maxCodeFailures
    ) {
      throw unauthenticated('This sign-in has expired; sign in again');
    }
    const device = await this.confirmedDevice(userId);
    const accepted =
      (device !== null && (await this.acceptTotp(device, code))) ||
      (await this.useRecoveryCode(userId, code));
    if (!accepted) {
      await repository.increment({ id: challengeId }, 'failures', 1);
      await this.events.emit('auth.mfa.challenge.failed', { userId, reason: 'invalid_code' });
      throw invalidCode();
    }
    const consumed = await repository.update(
      { id: challengeId, consumedAt: IsNull() },
      { consumedAt: new Date() },
    );
    if (consumed.affected !== 1) throw unauthenticated('This sign-in has expired; sign in again');
  }

  /** A fresh MFA proof: each TOTP step and each recovery code is accepted once only. */
  private async assertValidCode(
    userId: string,
    code: string,
    { recoveryCodeAccepted }: { recoveryCodeAccepted: boolean },
  ): Promise<void> {
    const device = await this.confirmedDevice(userId);
    if (!device) throw new RailError(RailErrorCode.BAD_USER_INPUT, 'No authenticator is set up');
    const accepted =
      (await this.acceptTotp(device, code)) ||
      (recoveryCodeAccepted && (await this.useRecoveryCode(userId, code)));
    if (!accepted) throw invalidCode();
  }

  /** Verifies a TOTP code and claims its time step; false for a wrong or replayed code. */
  private async acceptTotp(device: AuthMfaDevice, code: string): Promise<boolean> {
    const result = this.totp.verify(this.box.open(device.secretSealed), code);
    if (!result.valid) return false;
    const claimed = await this.dataSource
      .createQueryBuilder()
      .update(AuthMfaDevice)
      .set({ lastUsedStep: String(result.step) })
      .where('id = :id AND (last_used_step IS NULL OR last_used_step < :step)', {
        id: device.id,
        step: result.step,
      })
      .execute();
    return claimed.affected === 1;
  }

  private async useRecoveryCode(userId: string, code: string): Promise<boolean> {
    if (typeof code !== 'string' || code.length > 64) return false;
    const used = await this.dataSource
      .getRepository(AuthRecoveryCode)
      .update({ userId, codeHash: hashRecoveryCode(code), usedAt: IsNull() }, { usedAt: new Date() });
    return used.affected === 1;
  }

  private async replaceRecoveryCodes(manager: EntityManager, userId: string): Promise<string[]> {
    await manager.delete(AuthRecoveryCode, { userId });
    const codes = generateRecoveryCodes(10);
    const now = new Date();
    await manager.insert(
      AuthRecoveryCode,
      codes.map((code) => ({
        id: randomUUID(),
        userId,
        codeHash: hashRecoveryCode(code),
        usedAt: null,
        createdAt: now,
      })),
    );
    return codes;
  }
}
