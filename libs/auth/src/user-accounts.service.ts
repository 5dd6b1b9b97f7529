import { Inject, Injectable } from '@nestjs/common';
import { RailError, RailErrorCode } from '@rail/core';
import { DataSource, type EntityManager } from 'typeorm';
import { PasswordHasher } from './password/password-hasher.js';
import { PasswordPolicy } from './password/password-policy.js';
import { RAIL_AUTH_OPTIONS, type AuthUserRecord, type ResolvedAuthOptions } from './rail-auth.options.js';
import { normalizeLoginEmail } from './validation/login-email.js';

/** A user to create: the fields of the user entity's contract that the library reads. */
export interface NewUserAccount {
  readonly email: string;
  readonly password: string;
  readonly displayName: string;
  readonly roles: readonly string[];
  /** The tenant the user belongs to (the user entity's `companyId`). */
  readonly companyId: number | string;
}

/**
 * Creates users who can sign in, in the app's own user table: the email as
 * sign-in looks it up (trimmed, lower-cased), the password checked by the
 * policy and hashed as sign-in verifies it. For an app's first admin (a
 * bootstrap command) and for the app's own user management.
 */
@Injectable()
export class UserAccounts {
  constructor(
    @Inject(RAIL_AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
    private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
  ) {}

  /** Refuses a bad email or password (BAD_USER_INPUT) and a taken email (CONFLICT), naming the field. */
  async create(
    account: NewUserAccount,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ id: string }> {
    const email = normalizeLoginEmail(account.email);
    const problems = this.policy.problems(account.password, { email });
    if (problems.length > 0) {
      throw new RailError(RailErrorCode.BAD_USER_INPUT, `password: ${problems.join(' ')}`, {
        field: 'password',
      });
    }
    const users = manager.getRepository<AuthUserRecord>(this.options.userEntity);
    if (await users.exists({ where: { email } })) {
      throw new RailError(RailErrorCode.CONFLICT, `email: ${email} already has an account`, {
        field: 'email',
      });
    }
    const user = users.create({
      email,
      passwordHash: await this.hasher.hash(account.password),
      displayName: account.displayName,
      roles: [...account.roles],
      isActive: true,
      companyId: account.companyId,
    });
    const saved = await users.save(user);
    return { id: String(saved.id) };
  }
}
