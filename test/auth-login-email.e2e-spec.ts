import { TEST_PASSWORD } from './support/seeded-template.js';
import { startStoreApp, type StoreApp } from './support/store-app.js';

const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }';

describe('the email of a sign-in', () => {
  let store: StoreApp;
  beforeAll(async () => {
    store = await startStoreApp({ user: null });
  });
  afterAll(() => store.close());

  it.each([
    ['a newline inside', 'sales@acme\n.example', 'must not contain control characters'],
    ['a zero-width space', 'sa\u200bles@acme.example', 'must not contain control characters'],
    ['no @', 'sales.acme.example', 'must be an email address'],
    ['too long', `${'a'.repeat(250)}@acme.example`, 'must be at most 254 characters'],
  ])('with %s is BAD_USER_INPUT naming the argument, not a database error', async (_name, email, reason) => {
    const response = await store.graphql(LOGIN, { e: email, p: TEST_PASSWORD }).expect(200);
    expect(response.body.errors[0]).toMatchObject({
      message: `email: ${reason}`,
      extensions: { code: 'BAD_USER_INPUT', field: 'email' },
    });
  });

  it('with a NUL byte is refused before it runs (the rule for all text), naming the variable', async () => {
    const response = await store
      .graphql(LOGIN, { e: 'sales@acme.example\u0000', p: TEST_PASSWORD })
      .expect(400);
    expect(response.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: '$e' });
  });

  it('is trimmed and lower-cased as the user table stores it', async () => {
    const response = await store.graphql(LOGIN, { e: '  Sales@ACME.example ', p: TEST_PASSWORD }).expect(200);
    expect(response.body.data.login.accessToken).toEqual(expect.any(String));
  });
});
