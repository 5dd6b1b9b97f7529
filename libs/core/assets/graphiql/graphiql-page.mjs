// GraphiQL as the app serves it in development: React, ReactDOM and GraphiQL come
// from the app's own /assets (classic scripts that run before this module), so the
// page works without internet and under a CSP of 'self'. Settings arrive as data
// attributes of <body>, not as an inline script, which that CSP would refuse.
/* global React, ReactDOM, GraphiQL */

const settings = document.body.dataset;
const url = settings.graphqlUrl;
/** The signed-in session's access token: in memory only, so a reload signs out. */
let accessToken = null;

const baseFetcher = GraphiQL.createFetcher({ url });
// The helper's token wins over a stale one the Headers tab may have persisted.
const fetcher = (params, options) =>
  baseFetcher(params, {
    ...options,
    headers: { ...options?.headers, ...(accessToken ? { Authorization: `Bearer ${accessToken}` } : {}) },
  });

ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: true,
    isHeadersEditorEnabled: true,
  }),
);

if (settings.signIn === 'true') void startSignInHelper();

/** One GraphQL call of the helper's own, as the signed-in session when there is one. */
async function call(query, variables) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors?.length) throw new Error(body.errors.map((error) => error.message).join('; '));
  return body.data;
}

const LOGIN = `mutation RailSignIn($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken mfaRequired mfaToken mfaEnrolmentRequired }
}`;
const VERIFY = `mutation RailSignInCode($mfaToken: String!, $code: String!) {
  verifyMfaLogin(mfaToken: $mfaToken, code: $code) { accessToken }
}`;
const SETUP = `mutation RailEnrol { setupTotp(deviceName: "GraphiQL") { secret otpauthUri qrCodeDataUrl } }`;
const CONFIRM = `mutation RailConfirm($code: String!) { confirmTotp(code: $code) { recoveryCodes } }`;

/**
 * The sign-in bar: email and password, then a code when the account has an
 * authenticator, or the enrolment QR code when its first session may only
 * enrol one. Shown only when the API has a `login` mutation (@rail/auth).
 */
async function startSignInHelper() {
  const form = document.getElementById('rail-sign-in');
  const field = (name) => form.querySelector(`[name="${name}"]`);
  const status = document.getElementById('rail-sign-in-status');
  const enrolment = document.getElementById('rail-enrolment');
  let step = { kind: 'password' };

  const mutations = await call('{ __type(name: "Mutation") { fields { name } } }').catch(() => undefined);
  if (!mutations?.__type?.fields.some((entry) => entry.name === 'login')) return;
  form.hidden = false;

  const show = (text, failed = false) => {
    status.textContent = text;
    status.classList.toggle('rail-failed', failed);
  };
  const askForCode = (label) => {
    field('code').value = '';
    field('code').placeholder = label;
    form.querySelector('.rail-code').hidden = false;
    field('code').focus();
    form.querySelector('button[type="submit"]').textContent = 'Confirm code';
  };
  const signedIn = (email) => {
    step = { kind: 'done' };
    form.querySelector('.rail-code').hidden = true;
    field('email').disabled = field('password').disabled = true;
    form.querySelector('button[type="submit"]').hidden = true;
    form.querySelector('.rail-sign-out').hidden = false;
    show(`Signed in as ${email}: GraphiQL's requests carry its Authorization header.`);
  };

  const enrol = async (email) => {
    const { setupTotp } = await call(SETUP);
    // Only a PNG data URL from the API becomes an image (the CSP allows data: images, nothing else).
    if (setupTotp.qrCodeDataUrl.startsWith('data:image/png;base64,')) {
      enrolment.querySelector('img').src = setupTotp.qrCodeDataUrl;
      enrolment.querySelector('img').hidden = false;
    }
    enrolment.querySelector('.rail-secret-label').hidden = false;
    enrolment.querySelector('.rail-secret').textContent = setupTotp.secret;
    enrolment.querySelector('.rail-uri').textContent = setupTotp.otpauthUri;
    enrolment.hidden = false;
    step = { kind: 'enrol', email };
    askForCode('code from the authenticator');
    show('Your role needs an authenticator: scan the QR code, then enter its code.');
  };

  const submit = async () => {
    const email = field('email').value.trim();
    if (step.kind === 'password') {
      const { login } = await call(LOGIN, { email, password: field('password').value });
      if (login.mfaRequired) {
        step = { kind: 'code', email, mfaToken: login.mfaToken };
        askForCode('authenticator or recovery code');
        show('Enter the code of your authenticator.');
        return;
      }
      accessToken = login.accessToken;
      if (login.mfaEnrolmentRequired) await enrol(email);
      else signedIn(email);
    } else if (step.kind === 'code') {
      const { verifyMfaLogin } = await call(VERIFY, { mfaToken: step.mfaToken, code: field('code').value });
      accessToken = verifyMfaLogin.accessToken;
      signedIn(step.email);
    } else if (step.kind === 'enrol') {
      const { confirmTotp } = await call(CONFIRM, { code: field('code').value });
      enrolment.querySelector('img').hidden = true;
      enrolment.querySelector('.rail-secret-label').hidden = true;
      enrolment.querySelector('.rail-secret').textContent = '';
      enrolment.querySelector('.rail-uri').textContent =
        `Recovery codes (shown once): ${confirmTotp.recoveryCodes.join(' ')}`;
      signedIn(step.email);
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit().catch((error) => show(error.message, true));
  });
  form.querySelector('.rail-sign-out').addEventListener('click', () => {
    call('mutation RailSignOut { logout }').catch(() => undefined);
    accessToken = null;
    step = { kind: 'password' };
    field('email').disabled = field('password').disabled = false;
    field('password').value = '';
    form.querySelector('button[type="submit"]').hidden = false;
    form.querySelector('button[type="submit"]').textContent = 'Sign in';
    form.querySelector('.rail-sign-out').hidden = true;
    form.querySelector('.rail-code').hidden = true;
    enrolment.hidden = true;
    show('Signed out.');
  });
}
