import { argon2id, hash, needsRehash, verify } from 'argon2';

/**
 * Argon2id with OWASP's first recommended configuration (19 MiB, 2 passes, 1 lane)
 * rather than the argon2 package's defaults (64 MiB, 3 passes, 4 lanes): a sign-in
 * burst costs 19 MiB per attempt instead of 64, and one lane keeps each hash on a
 * single libuv worker, so concurrent sign-ins do not starve the 4-thread pool that
 * file, DNS and crypto work share. Verification reads the parameters from the
 * stored hash, so hashes made with other parameters (the seed's) still verify.
 */
export const PASSWORD_HASH_PARAMETERS = Object.freeze({
  type: argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
});

/**
 * A hash of a random password nobody knows, made with the parameters above, so that
 * verifying against it costs what verifying a real account's hash costs. Precomputed
 * so that the first unknown-account sign-in is not slower (hash + verify) than later
 * ones; a unit test checks that it still matches PASSWORD_HASH_PARAMETERS.
 */
export const DUMMY_PASSWORD_HASH =
  '$argon2id$v=19$m=19456,p=1,t=2$bxj9VGewzpoaP7rfspCSaQ$/isvHtERiIVH6YbDQC48MXwLDsC3hERU1CZR+JrJ5wo';

export class PasswordHasher {
  hash(plain: string): Promise<string> {
    return hash(plain, PASSWORD_HASH_PARAMETERS);
  }

  /** False for a wrong password and for anything that is not an argon2 hash: never throws. */
  async verify(passwordHash: string, plain: string): Promise<boolean> {
    try {
      return await verify(passwordHash, plain);
    } catch {
      return false;
    }
  }

  /**
   * For a sign-in whose account does not exist: spends the time a real verification
   * would, so response times do not reveal which email addresses have accounts.
   */
  async verifyAgainstDummy(plain: string): Promise<false> {
    await this.verify(DUMMY_PASSWORD_HASH, plain);
    return false;
  }

  /** True when a hash was made with other parameters: rehash it after a successful sign-in. */
  needsRehash(passwordHash: string): boolean {
    try {
      return needsRehash(passwordHash, PASSWORD_HASH_PARAMETERS);
    } catch {
      return true;
    }
  }
}
