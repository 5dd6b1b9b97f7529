import { generateKeyPairSync } from 'node:crypto';
import { DEVELOPMENT_JWT_SECRET, THROTTLE_STORE, TotpService, type ThrottleStore } from '@rail/auth';
import jwt from 'jsonwebtoken';
import { DataSource } from 'typeorm';
import { TEST_PASSWORD } from './support/seeded-template.js';
import { startStoreApp, type StoreApp } from './support/store-app.js';

const ME = '{ me { email roles authMethods } }';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const totp = new TotpService();
const REFRESH = `mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken } }`;

/** The claims of a real access token, to build forgeries that differ in one point only. */
function claimsOf(token: string): { sub: string; sid: string } {
  const { sub, sid } = jwt.decode(token) as { sub: string; sid: string };
  return { sub, sid };
}

describe('authentication', () => {
  let store: StoreApp;
  let db: DataSource;
  beforeAll(async () => {
    store = await startStoreApp({ redis: true, user: null });
    db = store.app.get(DataSource);
  });
  afterAll(() => store.close());

  const expectUnauthenticated = async (headers: Record<string, string>) => {
    const response = await store.graphql(ME, {}, headers).expect(200);
    expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(response.body.data).toBeNull();
  };

  describe('sign-in', () => {
    it('signs in every demo user; the token works and carries no role snapshot', async () => {
      for (const role of ['catalog_viewer', 'support', 'catalog_editor', 'sales', 'catalog_admin']) {
        const login = await store.signIn(`${role}@globex.example`);
        expect(login).toMatchObject({ mfaRequired: false, mfaEnrolmentRequired: false });
        const me = await store.graphql(ME, {}, bearer(login.accessToken!)).expect(200);
        expect(me.body.data.me).toEqual({
          email: `${role}@globex.example`,
          roles: [role],
          authMethods: ['pwd'],
        });
        expect(Object.keys(jwt.decode(login.accessToken!) as object).sort()).toEqual([
          'aud',
          'exp',
          'iat',
          'iss',
          'sid',
          'sub',
          'typ',
        ]);
      }
    });

    it('answers an unknown email and a wrong password the same way', async () => {
      const attempt = (email: string) =>
        store.graphql(
          `mutation { login(email: "${email}", password: "wrong-password") { accessToken } }`,
          {},
          {},
        );
      const [unknown, wrong] = [
        await attempt('nobody@globex.example'),
        await attempt('sales@globex.example'),
      ];
      expect(unknown.body.errors[0].message).toBe('Invalid email or password');
      expect(unknown.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect({ ...wrong.body.errors[0], extensions: { code: wrong.body.errors[0].extensions.code } }).toEqual(
        {
          ...unknown.body.errors[0],
          extensions: { code: unknown.body.errors[0].extensions.code },
        },
      );
    });

    it('requires authentication for everything else', async () => {
      await expectUnauthenticated({});
      const generated = await store.graphql('{ products(limit: 1) { id } }', {}, {}).expect(200);
      expect(generated.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('enforces MFA enrolment for the admin demo user: the session can only enrol', async () => {
      const login = await store.signIn('admin@acme.example');
      expect(login).toMatchObject({ mfaRequired: false, mfaEnrolmentRequired: true });
      const blocked = await store
        .graphql('{ products(limit: 1) { id } }', {}, bearer(login.accessToken!))
        .expect(200);
      expect(blocked.body.errors[0].extensions.code).toBe('FORBIDDEN');
      const me = await store.graphql(ME, {}, bearer(login.accessToken!)).expect(200);
      expect(me.body.data.me.email).toBe('admin@acme.example');
    });
  });

  describe('forged and broken tokens are UNAUTHENTICATED, never a 500', () => {
    let valid: { sub: string; sid: string };
    beforeAll(async () => {
      valid = claimsOf((await store.signIn('support@acme.example')).accessToken!);
    });
    const forge = (payload: object, options: jwt.SignOptions = {}) =>
      jwt.sign({ typ: 'access', ...payload }, DEVELOPMENT_JWT_SECRET, {
        issuer: 'rail',
        audience: 'rail-api',
        expiresIn: 300,
        ...options,
      });

    it('accepts the control forgery signed with the right secret (so the others fail for their one flaw)', async () => {
      const response = await store.graphql(ME, {}, bearer(forge(valid))).expect(200);
      expect(response.body.data.me.email).toBe('support@acme.example');
    });

    it.each([
      [
        'alg: none',
        () =>
          `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...valid, typ: 'access', iss: 'rail', aud: 'rail-api', exp: Math.floor(Date.now() / 1000) + 300 })).toString('base64url')}.`,
      ],
      [
        'no exp',
        () =>
          jwt.sign({ ...valid, typ: 'access' }, DEVELOPMENT_JWT_SECRET, {
            issuer: 'rail',
            audience: 'rail-api',
          }),
      ],
      [
        'expired',
        // Expired beyond the clock tolerance.
        () =>
          jwt.sign(
            { ...valid, typ: 'access', exp: Math.floor(Date.now() / 1000) - 120 },
            DEVELOPMENT_JWT_SECRET,
            {
              issuer: 'rail',
              audience: 'rail-api',
            },
          ),
      ],
      ['nbf in the future', () => forge(valid, { notBefore: 600 })],
      ['wrong audience', () => forge(valid, { audience: 'other-api' })],
      ['wrong issuer', () => forge(valid, { issuer: 'evil' })],
      [
        'wrong secret',
        () =>
          jwt.sign({ ...valid, typ: 'access' }, 'x'.repeat(40), {
            issuer: 'rail',
            audience: 'rail-api',
            expiresIn: 300,
          }),
      ],
      ['MFA-pending token type', () => forge({ ...valid, typ: 'mfa', jti: 'x' })],
      ['kid with path and SQL characters', () => forge(valid, { keyid: "../../etc/passwd' OR 1=1 --" })],
      ['oversized', () => forge({ ...valid, padding: 'x'.repeat(6000) })],
      ['garbage', () => 'not.a.jwt'],
      ['another session', () => forge({ ...valid, sid: '00000000-0000-0000-0000-000000000000' })],
    ])('%s', async (_name, token) => {
      await expectUnauthenticated(bearer(token()));
    });
  });

  describe('refresh tokens', () => {
    it('rotate on every use; reusing a spent one kills the whole family', async () => {
      const login = await store.signIn('sales@acme.example');
      const first = await store.graphql(REFRESH, { t: login.refreshToken }, {}).expect(200);
      const rotated = first.body.data.refreshToken;
      expect(rotated.refreshToken).not.toBe(login.refreshToken);
      await expect(store.graphql(ME, {}, bearer(rotated.accessToken))).resolves.toHaveProperty(
        'body.data.me.email',
        'sales@acme.example',
      );

      const reuse = await store.graphql(REFRESH, { t: login.refreshToken }, {}).expect(200);
      expect(reuse.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      // The family is dead: the newest refresh token and its access token no longer work.
      const after = await store.graphql(REFRESH, { t: rotated.refreshToken }, {}).expect(200);
      expect(after.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      await expectUnauthenticated(bearer(rotated.accessToken));
      const [session] = await db.query<{ revoked_reason: string }[]>(
        `SELECT revoked_reason FROM auth_session WHERE id = '${claimsOf(rotated.accessToken).sid}'`,
      );
      expect(session.revoked_reason).toBe('token_reuse');
    });

    it('logout revokes the session and its access token at once; logoutAll every session', async () => {
      const one = await store.signIn('catalog_editor@acme.example');
      const two = await store.signIn('catalog_editor@acme.example');
      await store.graphql('mutation { logout }', {}, bearer(one.accessToken!)).expect(200);
      await expectUnauthenticated(bearer(one.accessToken!));
      const refresh = await store.graphql(REFRESH, { t: one.refreshToken }, {});
      expect(refresh.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      await expect(store.graphql(ME, {}, bearer(two.accessToken!))).resolves.toHaveProperty(
        'body.data.me.email',
        'catalog_editor@acme.example',
      );
      await store.graphql('mutation { logoutAll }', {}, bearer(two.accessToken!)).expect(200);
      await expectUnauthenticated(bearer(two.accessToken!));
    });

    it('a password change revokes every other session and checks the new password', async () => {
      const other = await store.signIn('catalog_viewer@acme.example');
      const mine = await store.signIn('catalog_viewer@acme.example');
      const change = (current: string, next: string) =>
        store.graphql(
          `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { accessToken } }`,
          { c: current, n: next },
          bearer(mine.accessToken!),
        );
      const weak = await change(TEST_PASSWORD, 'password1');
      expect(weak.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      const changed = await change(TEST_PASSWORD, 'a long and unusual passphrase');
      const renewed = changed.body.data.changePassword.accessToken;
      await expectUnauthenticated(bearer(other.accessToken!));
      await expectUnauthenticated(bearer(mine.accessToken!));
      await expect(store.graphql(ME, {}, bearer(renewed))).resolves.toHaveProperty(
        'body.data.me.email',
        'catalog_viewer@acme.example',
      );
      await expect(
        store.signIn('catalog_viewer@acme.example', 'a long and unusual passphrase'),
      ).resolves.toHaveProperty('mfaRequired', false);
    });

    it('a disabled user is refused on the next request', async () => {
      const login = await store.signIn('support@acme.example');
      await db.query(
        `UPDATE app_user SET is_active = ${db.options.type === 'postgres' ? 'false' : '0'} WHERE email = 'support@acme.example'`,
      );
      await expectUnauthenticated(bearer(login.accessToken!));
    });
  });

  describe('TOTP MFA', () => {
    let secret: string;
    let recoveryCodes: string[];
    let fullToken: string;
    const email = 'catalog_admin@globex.example';

    it('enrols a device with a full session and returns recovery codes once', async () => {
      const login = await store.signIn(email);
      const setup = await store
        .graphql(
          'mutation { setupTotp(deviceName: "phone") { secret otpauthUri qrCodeDataUrl } }',
          {},
          bearer(login.accessToken!),
        )
        .expect(200);
      ({ secret } = setup.body.data.setupTotp);
      expect(setup.body.data.setupTotp.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
      expect(setup.body.data.setupTotp.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
      const [device] = await db.query<{ secret_sealed: string }[]>(
        `SELECT secret_sealed FROM auth_mfa_device`,
      );
      expect(device.secret_sealed).not.toContain(secret);
      const confirm = await store
        .graphql(
          `mutation { confirmTotp(code: "${totp.codeAt(secret, Date.now())}") { recoveryCodes } }`,
          {},
          bearer(login.accessToken!),
        )
        .expect(200);
      recoveryCodes = confirm.body.data.confirmTotp.recoveryCodes;
      expect(recoveryCodes).toHaveLength(10);
    });

    it('then asks for a code at sign-in, and accepts a code only once (no replay within the step)', async () => {
      const login = await store.signIn(email);
      expect(login).toMatchObject({ mfaRequired: true, accessToken: null });
      const code = totp.codeAt(secret, Date.now() + 30_000);
      const verify = (mfaToken: string, value: string) =>
        store.graphql(
          `mutation($t: String!, $c: String!) { verifyMfaLogin(mfaToken: $t, code: $c) { accessToken user { authMethods } } }`,
          { t: mfaToken, c: value },
          {},
        );
      const first = await verify(login.mfaToken!, code);
      expect(first.body.data.verifyMfaLogin.user.authMethods).toEqual(['pwd', 'otp']);
      fullToken = first.body.data.verifyMfaLogin.accessToken;
      const again = await store.signIn(email);
      const replay = await verify(again.mfaToken!, code);
      expect(replay.body.errors[0]).toMatchObject({
        message: 'Invalid code',
        extensions: { code: 'BAD_USER_INPUT' },
      });
    });

    it('accepts a recovery code once', async () => {
      const use = async () => {
        const login = await store.signIn(email);
        return store.graphql(
          `mutation($t: String!, $c: String!) { verifyMfaLogin(mfaToken: $t, code: $c) { accessToken } }`,
          { t: login.mfaToken, c: recoveryCodes[0].toUpperCase() },
          {},
        );
      };
      expect((await use()).body.data.verifyMfaLogin.accessToken).toEqual(expect.any(String));
      expect((await use()).body.errors[0].message).toBe('Invalid code');
    });

    it('ends a challenge after 5 wrong codes', async () => {
      const login = await store.signIn(email);
      const wrong = (code: string) =>
        store.graphql(
          `mutation($t: String!, $c: String!) { verifyMfaLogin(mfaToken: $t, code: $c) { accessToken } }`,
          { t: login.mfaToken, c: code },
          {},
        );
      // Earlier tests' failures count against the account's throttle; this test is about the challenge.
      const [{ id }] = await db.query<{ id: number }[]>(`SELECT id FROM app_user WHERE email = '${email}'`);
      const resetThrottle = () =>
        store.app.get<ThrottleStore>(THROTTLE_STORE, { strict: false }).reset(`account:mfa:${id}`);
      await resetThrottle();
      for (let attempt = 0; attempt < 5; attempt++) {
        expect((await wrong('000000')).body.errors[0].message).toBe('Invalid code');
      }
      await resetThrottle();
      const fresh = totp.codeAt(secret, Date.now() + 30_000);
      expect((await wrong(fresh)).body.errors[0]).toMatchObject({
        message: 'This sign-in has expired; sign in again',
        extensions: { code: 'UNAUTHENTICATED' },
      });
    });

    it('never accepts an MFA-pending token for enrolment or anything else', async () => {
      const login = await store.signIn(email);
      const response = await store
        .graphql('mutation { setupTotp(deviceName: "attacker") { secret } }', {}, bearer(login.mfaToken!))
        .expect(200);
      expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('replacing the device needs a code of the current one', async () => {
      const response = await store
        .graphql('mutation { setupTotp(deviceName: "new phone") { secret } }', {}, bearer(fullToken))
        .expect(200);
      expect(response.body.errors[0].message).toBe('Invalid code');
    });
  });
});

describe('sessions and MFA management', () => {
  let store: StoreApp;
  beforeAll(async () => {
    store = await startStoreApp({ redis: true, user: null });
  });
  afterAll(() => store.close());

  /** Signs in and enrols an authenticator with the code of the current step; returns its secret and token. */
  async function enrol(email: string): Promise<{ secret: string; token: string }> {
    const { accessToken } = await store.signIn(email);
    const setup = await store.graphql(
      'mutation { setupTotp(deviceName: "phone") { secret } }',
      {},
      bearer(accessToken!),
    );
    const secret = setup.body.data.setupTotp.secret as string;
    await store.graphql(
      `mutation { confirmTotp(code: "${totp.codeAt(secret, Date.now())}") { recoveryCodes } }`,
      {},
      bearer(accessToken!),
    );
    return { secret, token: accessToken! };
  }

  it('lists the sessions of the user, marks the current one, and revokes one by id', async () => {
    const other = await store.signIn('support@globex.example');
    const mine = await store.signIn('support@globex.example');
    const listed = await store
      .graphql('{ mySessions { id current } }', {}, bearer(mine.accessToken!))
      .expect(200);
    const sessions = listed.body.data.mySessions as Array<{ id: string; current: boolean }>;
    expect(sessions.filter((session) => session.current)).toEqual([
      { id: claimsOf(mine.accessToken!).sid, current: true },
    ]);
    const otherId = claimsOf(other.accessToken!).sid;
    expect(sessions.map((session) => session.id)).toContain(otherId);
    await store
      .graphql(`mutation { revokeSession(id: "${otherId}") }`, {}, bearer(mine.accessToken!))
      .expect(200);
    const refused = await store.graphql(ME, {}, bearer(other.accessToken!));
    expect(refused.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('regenerates recovery codes with a valid code; the old ones stop working', async () => {
    const { secret, token } = await enrol('sales@globex.example');
    const wrong = await store.graphql(
      'mutation { regenerateRecoveryCodes(code: "123456") { recoveryCodes } }',
      {},
      bearer(token),
    );
    expect(wrong.body.errors[0].message).toBe('Invalid code');
    const fresh = await store.graphql(
      `mutation { regenerateRecoveryCodes(code: "${totp.codeAt(secret, Date.now() + 30_000)}") { recoveryCodes } }`,
      {},
      bearer(token),
    );
    expect(fresh.body.data.regenerateRecoveryCodes.recoveryCodes).toHaveLength(10);
  });

  it('disables MFA with a valid code: sign-in no longer asks for one', async () => {
    const { secret, token } = await enrol('catalog_editor@globex.example');
    expect(await store.signIn('catalog_editor@globex.example')).toMatchObject({ mfaRequired: true });
    await store
      .graphql(
        `mutation { disableTotp(code: "${totp.codeAt(secret, Date.now() + 30_000)}") }`,
        {},
        bearer(token),
      )
      .expect(200);
    expect(await store.signIn('catalog_editor@globex.example')).toMatchObject({ mfaRequired: false });
  });
});

describe('brute force', () => {
  let store: StoreApp;
  beforeAll(async () => {
    store = await startStoreApp({ redis: true, user: null });
  });
  afterAll(() => store.close());

  it('locks an account after repeated failures, counting each of 20 aliased logins in one request', async () => {
    const aliases = Array.from(
      { length: 20 },
      (_, index) =>
        `a${index}: login(email: "sales@acme.example", password: "guess-${index}") { accessToken }`,
    );
    const response = await store.graphql(`mutation { ${aliases.join(' ')} }`, {}, {}).expect(200);
    const codes = response.body.errors.map(
      (error: { extensions: { code: string } }) => error.extensions.code,
    );
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('UNAUTHENTICATED'));
    expect(codes.slice(5)).toEqual(Array(15).fill('RATE_LIMITED'));
    // Locked: even the right password is refused for now, with the time to wait.
    const right = await store.graphql(
      `mutation { login(email: "sales@acme.example", password: "${TEST_PASSWORD}") { accessToken } }`,
      {},
      {},
    );
    expect(right.body.errors[0].extensions).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfter: expect.any(Number),
    });
    // An unknown account locks the same way, so a lock tells nothing about existence.
    const unknown = Array.from(
      { length: 6 },
      (_, index) => `u${index}: login(email: "ghost@acme.example", password: "x${index}") { accessToken }`,
    );
    const ghost = await store.graphql(`mutation { ${unknown.join(' ')} }`, {}, {});
    expect(ghost.body.errors.at(-1).extensions.code).toBe('RATE_LIMITED');
  });
});

describe('RS256 keys', () => {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKey = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  let store: StoreApp;
  beforeAll(async () => {
    store = await startStoreApp({
      redis: true,
      env: {
        JWT_PRIVATE_KEY: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        JWT_PUBLIC_KEY: publicKey,
        JWT_KEY_ID: 'key-2026',
      },
    });
  });
  afterAll(() => store.close());

  it('signs with the configured key id and refuses an HS256 token signed with the public key (key confusion)', async () => {
    const login = await store.signIn('sales@acme.example');
    const header = jwt.decode(login.accessToken!, { complete: true })!.header;
    expect(header).toMatchObject({ alg: 'RS256', kid: 'key-2026' });
    const claims = claimsOf(login.accessToken!);
    const confused = jwt.sign({ ...claims, typ: 'access' }, publicKey, {
      algorithm: 'HS256',
      keyid: 'key-2026',
      issuer: 'rail',
      audience: 'rail-api',
      expiresIn: 300,
    });
    const response = await store.graphql(ME, {}, bearer(confused)).expect(200);
    expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const ok = await store.graphql(ME, {}, bearer(login.accessToken!)).expect(200);
    expect(ok.body.data.me.email).toBe('sales@acme.example');
  });
});
