import { jest } from '@jest/globals';
import { PasswordHasher } from '@rail/auth';
import { testServices } from './support/services.js';
import { startStoreApp, type StoreApp } from './support/store-app.js';

// The database store always (SQLite, or PostgreSQL in the DATABASE_URL pass); Redis when the run has one.
const stores = ['database', ...(testServices().redisUrl ? ['redis'] : [])];
const LIMIT = 5; // RailAuthModule's default `throttle.accountMaxFailures`, which the store app keeps.

describe.each(stores)('the lockout holds under concurrency (%s store)', (kind) => {
  let store: StoreApp;
  beforeAll(async () => {
    // Without Redis the store app counts sign-in failures in its database.
    store = await startStoreApp({ user: null, redis: kind === 'redis' });
  });
  afterAll(() => store.close());

  it('lets exactly the limit of 20 parallel wrong passwords reach password verification', async () => {
    // Counts calls on the real verifier (the unknown-account path goes through verify too).
    const verify = jest.spyOn(store.app.get(PasswordHasher, { strict: false }), 'verify');
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        store.graphql(
          'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
          { e: 'sales@acme.example', p: `parallel-guess-${index}` },
        ),
      ),
    );
    const codes = responses.map(
      (response) =>
        (response.body as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code,
    );
    expect(verify.mock.calls.length).toBe(LIMIT);
    expect(codes.filter((code) => code === 'UNAUTHENTICATED')).toHaveLength(verify.mock.calls.length);
    expect(codes.filter((code) => code === 'RATE_LIMITED')).toHaveLength(20 - verify.mock.calls.length);
    verify.mockRestore();
  });

  it('a right password at the limit-th attempt signs in and clears the count, as before', async () => {
    const email = 'support@acme.example';
    const wrong = () =>
      Promise.all(
        Array.from({ length: LIMIT - 1 }, () =>
          store.graphql('mutation($e: String!) { login(email: $e, password: "wrong") { accessToken } }', {
            e: email,
          }),
        ),
      );
    for (let round = 0; round < 2; round++) {
      await wrong();
      // The limit-th attempt is claimed (and locks) before its password is checked; success lifts that.
      await expect(store.signIn(email)).resolves.toHaveProperty('accessToken', expect.any(String));
    }
  });
});
