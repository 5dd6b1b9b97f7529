import { assertProductionSecrets, productionSecretProblems } from './production-secrets.js';

const STRONG = 'Zq3xV8pL2mN7rT4wY9bC6dF1hJ5kS0aE';

describe('production secrets: every missing or weak one in one message', () => {
  it('lists a missing required secret and a weak one together, and passes over an unset optional one', () => {
    const secrets = [
      { name: 'JWT_SECRET', value: undefined, purpose: 'signs access tokens' },
      { name: 'MFA_ENCRYPTION_KEY', value: 'a'.repeat(40) },
      { name: 'METRICS_TOKEN', value: undefined, required: false },
      { name: 'EXPORT_SIGNING_SECRET', value: STRONG },
    ];
    expect(productionSecretProblems(secrets)).toEqual([
      expect.stringMatching(/^JWT_SECRET is missing \(signs access tokens\): set 32 random bytes/),
      expect.stringMatching(/^MFA_ENCRYPTION_KEY is too weak: it is guessable/),
    ]);
    expect(() => assertProductionSecrets(secrets)).toThrow(
      /Production secrets are missing or weak:\n {2}- JWT_SECRET is missing.*\n {2}- MFA_ENCRYPTION_KEY is too weak/,
    );
  });

  it('lets strong secrets through', () => {
    expect(() => assertProductionSecrets([{ name: 'JWT_SECRET', value: STRONG }])).not.toThrow();
  });
});
