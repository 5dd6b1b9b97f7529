import { TotpService } from '@rail/auth';
import { startStoreApp, type StoreApp } from './support/store-app.js';

// ASVS 7.4.3: adding, changing or removing an authentication factor ends the user's other sessions.
const ME = '{ me { email authMethods } }';
const REFRESH = 'mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }';
const totp = new TotpService();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

interface Session {
  accessToken: string;
  refreshToken: string;
}

describe('sessions end when an MFA factor is added, changed or removed', () => {
  let store: StoreApp;
  beforeAll(async () => {
    store = await startStoreApp({ user: null });
  });
  afterAll(() => store.close());

  const passwordSession = async (email: string): Promise<Session> => {
    const { accessToken, refreshToken } = await store.signIn(email);
    return { accessToken: accessToken!, refreshToken: refreshToken! };
  };

  /** Enrols an authenticator in a new session with the code of the current step. */
  const enrol = async (email: string) => {
    const session = await passwordSession(email);
    const setup = await store.graphql(
      'mutation { setupTotp(deviceName: "phone") { secret } }',
      {},
      bearer(session.accessToken),
    );
    const secret = setup.body.data.setupTotp.secret as string;
    const enrolledAt = Date.now();
    const confirm = await store.graphql(
      'mutation($c: String!) { confirmTotp(code: $c) { recoveryCodes } }',
      { c: totp.codeAt(secret, enrolledAt) },
      bearer(session.accessToken),
    );
    const recoveryCodes = confirm.body.data.confirmTotp.recoveryCodes as string[];
    return { session, secret, enrolledAt, recoveryCodes };
  };

  /** A full MFA session opened with one of the recovery codes (the TOTP steps are kept for the mutations). */
  const mfaSession = async (email: string, recoveryCode: string): Promise<Session> => {
    const { mfaToken } = await store.signIn(email);
    const verified = await store.graphql(
      'mutation($t: String!, $c: String!) { verifyMfaLogin(mfaToken: $t, code: $c) { accessToken refreshToken } }',
      { t: mfaToken, c: recoveryCode },
    );
    return verified.body.data.verifyMfaLogin as Session;
  };

  const expectEnded = async (session: Session) => {
    const me = await store.graphql(ME, {}, bearer(session.accessToken)).expect(200);
    expect(me.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const refreshed = await store.graphql(REFRESH, { t: session.refreshToken }).expect(200);
    expect(refreshed.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  };

  const expectAlive = async (session: Session, authMethods: string[]) => {
    const me = await store.graphql(ME, {}, bearer(session.accessToken)).expect(200);
    expect(me.body.data.me.authMethods).toEqual(authMethods);
  };

  it('a session opened before enrolment is refused after it (access and refresh token); the enrolling one goes on with MFA', async () => {
    const email = 'catalog_viewer@acme.example';
    const before = await passwordSession(email);
    const { session } = await enrol(email);
    await expectEnded(before);
    await expectAlive(session, ['pwd', 'otp']);
  });

  it('removing the factor needs a fresh code; with one it works and the other sessions end', async () => {
    const email = 'sales@acme.example';
    const { session, secret, enrolledAt, recoveryCodes } = await enrol(email);
    const other = await mfaSession(email, recoveryCodes[0]);
    const disable = (code: string) =>
      store.graphql(
        'mutation($c: String!) { disableTotp(code: $c) }',
        { c: code },
        bearer(session.accessToken),
      );
    // The enrolment's own code is taken from its time, not from now: a 30 s step may have ended since.
    for (const stale of ['000000', totp.codeAt(secret, enrolledAt)]) {
      // A wrong code, and the enrolment's own code again (its step is spent): not a fresh proof.
      expect((await disable(stale)).body.errors[0]).toMatchObject({
        message: 'Invalid code',
        extensions: { code: 'BAD_USER_INPUT', field: 'code' },
      });
    }
    await expectAlive(other, ['pwd', 'otp']);
    const removed = await disable(totp.codeAt(secret, Date.now() + 30_000));
    expect(removed.body.data.disableTotp).toBe(true);
    await expectEnded(other);
    await expectAlive(session, ['pwd', 'otp']);
    expect(await store.signIn(email)).toMatchObject({ mfaRequired: false });
  });

  it('a recovery code is a fresh proof too, for a user whose authenticator is lost', async () => {
    const email = 'catalog_editor@acme.example';
    const { session, recoveryCodes } = await enrol(email);
    const removed = await store.graphql(
      'mutation($c: String!) { disableTotp(code: $c) }',
      { c: recoveryCodes[1] },
      bearer(session.accessToken),
    );
    expect(removed.body.data.disableTotp).toBe(true);
  });

  it('new recovery codes (a changed factor) end the other sessions as well', async () => {
    const email = 'support@acme.example';
    const { session, secret, recoveryCodes } = await enrol(email);
    const other = await mfaSession(email, recoveryCodes[0]);
    const regenerated = await store.graphql(
      'mutation($c: String!) { regenerateRecoveryCodes(code: $c) { recoveryCodes } }',
      { c: totp.codeAt(secret, Date.now() + 30_000) },
      bearer(session.accessToken),
    );
    expect(regenerated.body.data.regenerateRecoveryCodes.recoveryCodes).toHaveLength(10);
    await expectEnded(other);
    await expectAlive(session, ['pwd', 'otp']);
  });
});
