// The bench's side of the app's authentication (@rail/auth): every generated
// query needs a signed-in user, and in production the app refuses to start
// without its own JWT secret and MFA key. The bench makes throw-away ones for
// each run, seeds the demo users with a throw-away password, and signs in as a
// demo user whose role needs no MFA. Nothing of it is written anywhere.
import { randomBytes } from 'node:crypto';
import { graphqlRequest, probe } from './load.mjs';

/** The demo user the bench reads as (see apps/store-api/src/seed/demo-accounts.ts). */
export const BENCH_USER = 'catalog_admin@acme.example';

const LOGIN = `mutation ($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken mfaRequired }
}`;

/** Secrets for one run: the app's environment, and the demo users' password for the seed. */
export function runSecrets() {
  return {
    appEnv: {
      JWT_SECRET: randomBytes(32).toString('hex'),
      MFA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      // Production refuses to start without its own export link-signing secret.
      EXPORT_SIGNING_SECRET: randomBytes(32).toString('hex'),
      // The report is measured computing, not served from the report cache.
      RAIL_REPORT_CACHE_SECONDS: '0',
    },
    seedPassword: randomBytes(18).toString('base64url'),
  };
}

/**
 * Signs in and returns the request headers that carry the access token, or no
 * extra headers when the app was built without @rail/auth (no `login`).
 */
export async function authHeaders(url, password, email = BENCH_USER) {
  const { status, body } = await probe(graphqlRequest(url, LOGIN, { email, password }));
  if (body.errors?.some((error) => /Cannot query field "login"/.test(error.message))) return {};
  const token = body.data?.login?.accessToken;
  if (status !== 200 || !token) {
    throw new Error(`Signing in as ${email} failed (HTTP ${status}): ${JSON.stringify(body)}`);
  }
  return { authorization: `Bearer ${token}` };
}
