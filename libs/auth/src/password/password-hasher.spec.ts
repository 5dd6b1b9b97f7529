import { argon2id, hash as hashWithArgon2Defaults } from 'argon2';
import { DUMMY_PASSWORD_HASH, PASSWORD_HASH_PARAMETERS, PasswordHasher } from './password-hasher.js';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('hashes with argon2id and the configured parameters, with a fresh salt', async () => {
    const hash = await hasher.hash('correct horse battery staple');
    expect(PASSWORD_HASH_PARAMETERS.type).toBe(argon2id);
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await hasher.hash('correct horse battery staple')).not.toBe(hash);
    expect(hasher.needsRehash(hash)).toBe(false);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hasher.hash('correct horse battery staple');
    await expect(hasher.verify(hash, 'correct horse battery staple')).resolves.toBe(true);
    await expect(hasher.verify(hash, 'correct horse battery stapler')).resolves.toBe(false);
    await expect(hasher.verify(hash, '')).resolves.toBe(false);
  });

  it('returns false, without throwing, for a malformed hash', async () => {
    for (const malformed of [
      '',
      'not a hash',
      '$argon2id$v=19$m=19456,p=1,t=2$broken',
      '$2b$10$abcdefghijklmnopqrstuv',
    ]) {
      await expect(hasher.verify(malformed, 'password')).resolves.toBe(false);
    }
  });

  it('verifies hashes made with other parameters and asks for a rehash', async () => {
    const legacy = await hashWithArgon2Defaults('rail-demo-password');
    await expect(hasher.verify(legacy, 'rail-demo-password')).resolves.toBe(true);
    expect(hasher.needsRehash(legacy)).toBe(true);
    expect(hasher.needsRehash('not a hash')).toBe(true);
  });

  it('verifies against the dummy hash and always returns false', async () => {
    await expect(hasher.verifyAgainstDummy('correct horse battery staple')).resolves.toBe(false);
    await expect(hasher.verifyAgainstDummy('')).resolves.toBe(false);
  });

  it('keeps the dummy hash on the current parameters, so it costs what a real one costs', () => {
    expect(DUMMY_PASSWORD_HASH).toMatch(
      /^\$argon2id\$v=19\$m=19456,p=1,t=2\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/,
    );
    expect(hasher.needsRehash(DUMMY_PASSWORD_HASH)).toBe(false);
  });
});
