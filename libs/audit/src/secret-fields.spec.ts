import { isSecretField } from './secret-fields.js';

describe('isSecretField', () => {
  it.each([
    'password',
    'passwordHash',
    'password_hash',
    'refreshToken',
    'apiToken',
    'totpSecret',
    'TOTPSeed',
    'clientSecret',
    'privateKey',
    'api_key',
    'recoveryCodes',
    'salt',
    'pinCode',
    'credentials',
  ])('%s is a secret', (name) => {
    expect(isSecretField(name)).toBe(true);
  });

  it.each([
    'name',
    'price',
    'sortKey',
    'keyboard',
    'tokenizer',
    'shipping',
    'spinner',
    'email',
    'monkey',
    'hashtag',
  ])('%s is not', (name) => {
    expect(isSecretField(name)).toBe(false);
  });
});
