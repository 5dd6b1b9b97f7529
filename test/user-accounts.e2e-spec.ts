import { UserAccounts } from '@rail/auth';
import { RailError } from '@rail/core';
import { startStoreApp, type StoreApp } from './support/store-app.js';

// An app creates its first admin (a bootstrap command) and its users with UserAccounts:
// the account signs in at once, with the email and password rules of sign-in.
describe('UserAccounts', () => {
  let store: StoreApp;
  let accounts: UserAccounts;
  beforeAll(async () => {
    store = await startStoreApp({ user: null });
    accounts = store.app.get(UserAccounts);
  });
  afterAll(() => store.close());

  const refusal = async (promise: Promise<unknown>) => {
    const error = (await promise.catch((caught: unknown) => caught)) as RailError;
    expect(error).toBeInstanceOf(RailError);
    return { code: error.code, field: error.extensions.field, message: error.message };
  };

  it('creates a user who signs in with that password, the email as sign-in looks it up', async () => {
    const { id } = await accounts.create({
      email: '  First.Admin@Acme.example ',
      password: 'correct horse battery staple',
      displayName: 'First admin',
      roles: ['catalog_admin'],
      companyId: 1,
    });
    expect(id).toMatch(/^\d+$/);
    const signedIn = await store.signIn('first.admin@acme.example', 'correct horse battery staple');
    expect(signedIn.accessToken).toEqual(expect.any(String));
    const me = await store
      .graphql('{ me { email roles companyId } }', undefined, {
        authorization: `Bearer ${signedIn.accessToken}`,
      })
      .expect(200);
    expect(me.body.data.me).toEqual({
      email: 'first.admin@acme.example',
      roles: ['catalog_admin'],
      companyId: '1',
    });
  });

  it('refuses a weak password, a malformed email and a taken one, naming the field', async () => {
    const account = { displayName: 'X', roles: ['support'], companyId: 1 };
    expect(
      await refusal(accounts.create({ ...account, email: 'x@acme.example', password: 'password' })),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'password',
      message: expect.stringContaining('too common'),
    });
    expect(
      await refusal(
        accounts.create({ ...account, email: 'not an email', password: 'a long passphrase here' }),
      ),
    ).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'email',
      message: 'email: must be an email address',
    });
    expect(
      await refusal(
        accounts.create({ ...account, email: 'support@acme.example', password: 'a long passphrase here' }),
      ),
    ).toEqual({
      code: 'CONFLICT',
      field: 'email',
      message: 'email: support@acme.example already has an account',
    });
  });
});
