import { type RailConfigurationError } from '@rail/core';
import {
  DEVELOPMENT_JWT_SECRET,
  DEVELOPMENT_MFA_KEY,
  resolveAuthOptions,
  type AuthUserRecord,
} from './rail-auth.options.js';

class User implements AuthUserRecord {
  id = 1;
  email = '';
  passwordHash = '';
  roles: string[] = [];
  isActive = true;
  companyId = null;
}

const productionKey = '4jfJs99WK1VrHzKyuIQW7NTtuZqtjuTaRBTfpZ3YOf8=';

describe('resolveAuthOptions', () => {
  it('uses development defaults outside production', () => {
    const options = resolveAuthOptions({ userEntity: User }, {});
    expect(options.jwt).toMatchObject({
      algorithm: 'HS256',
      secret: DEVELOPMENT_JWT_SECRET,
      accessTokenTtlSeconds: 900,
    });
    expect(options.mfa.encryptionKey).toBe(DEVELOPMENT_MFA_KEY);
  });

  it.each([
    ['no secret', {}, /"jwt.secret" is required in production/],
    ['the development secret', { jwt: { secret: DEVELOPMENT_JWT_SECRET } }, /development default/],
    ['a short secret', { jwt: { secret: 'short' } }, /at least 32 bytes, received 5/],
    [
      'no MFA key',
      { jwt: { secret: 'Zq3xV8pL2mN7rT4wY9bC6dF1hJ5kS0aE' } },
      /"mfa.encryptionKey" is required in production/,
    ],
    [
      'the development MFA key',
      { jwt: { secret: 'Zq3xV8pL2mN7rT4wY9bC6dF1hJ5kS0aE' }, mfa: { encryptionKey: DEVELOPMENT_MFA_KEY } },
      /development default/,
    ],
  ])('refuses to start in production with %s', (_case, options, message) => {
    expect(() => resolveAuthOptions({ userEntity: User, ...options }, { NODE_ENV: 'production' })).toThrow(
      expect.objectContaining({
        name: 'RailConfigurationError',
        message: expect.stringMatching(message),
      }) as RailConfigurationError,
    );
  });

  it('names a missing secret and a missing key together, in one message', () => {
    expect(() => resolveAuthOptions({ userEntity: User }, { NODE_ENV: 'production' })).toThrow(
      /^RailAuthModule options:\n {2}- .*"jwt\.secret" is required in production.*\n {2}- .*"mfa\.encryptionKey" is required in production/,
    );
  });

  it('starts in production with its own secret and key', () => {
    const options = resolveAuthOptions(
      {
        userEntity: User,
        jwt: { secret: 'Zq3xV8pL2mN7rT4wY9bC6dF1hJ5kS0aE' },
        mfa: { encryptionKey: productionKey },
      },
      { NODE_ENV: 'production' },
    );
    expect(options.production).toBe(true);
  });

  it('caps the clock tolerance at 30 seconds and names a wrong key', () => {
    expect(() => resolveAuthOptions({ userEntity: User, jwt: { clockToleranceSeconds: 120 } }, {})).toThrow(
      /"jwt.clockToleranceSeconds"/,
    );
  });

  it('needs the public key of the signing key id for RS256', () => {
    expect(() =>
      resolveAuthOptions(
        {
          userEntity: User,
          jwt: { algorithm: 'RS256', signingKey: { kid: 'a', privateKey: 'x' }, verificationKeys: [] },
        },
        {},
      ),
    ).toThrow(/must include the public key of kid "a"/);
  });
});
