/** What replaces a redacted value in a log line. */
export const REDACTED = '[REDACTED]';

// Keys whose values are credentials wherever they appear in a logged object.
const SECRET_KEYS = [
  'authorization',
  'cookie',
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'accessToken',
  'refreshToken',
  'mfaToken',
  'idToken',
  'secret',
  'clientSecret',
  'apiKey',
  'privateKey',
  'encryptionKey',
  'signingSecret',
  // GraphQL variables hold passwords and tokens of sign-in and refresh: never logged as such.
  'variables',
];

/**
 * pino `redact` paths: request and response headers that carry credentials,
 * and the keys above at the top level and up to two levels down (pino's
 * wildcards match one level each, and deeper paths cost on every line).
 */
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  ...SECRET_KEYS.map((key) => `*.*.${key}`),
];

// A JWT (and any base64url JSON, such as a signed export link) starts with `eyJ`, which is `{"`.
const JWT_LIKE = /eyJ[A-Za-z0-9_\-.+/=]*/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;

/**
 * The last line of defence, applied to every serialized log line before it
 * is written: token-shaped text is replaced, whichever message, error or
 * field carried it. JSON stays valid (the replacement has no quote or
 * backslash). Lines without a candidate cost one `includes` each.
 */
export function scrubSecrets(line: string): string {
  let scrubbed = line;
  if (scrubbed.includes('eyJ')) scrubbed = scrubbed.replace(JWT_LIKE, REDACTED);
  if (/earer |asic /i.test(scrubbed)) scrubbed = scrubbed.replace(BEARER, `$1 ${REDACTED}`);
  return scrubbed;
}

const SECRET_PARAMETER = /token|secret|passw|signature|^sig$|key|^code$|auth|session|jwt|credential/i;

/** A URL fit for a log line: the values of query parameters that look like credentials are replaced. */
export function maskUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const masked = url
    .slice(query + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals < 0) return pair;
      const name = safeDecode(pair.slice(0, equals));
      return SECRET_PARAMETER.test(name) ? `${pair.slice(0, equals)}=${REDACTED}` : pair;
    })
    .join('&');
  return `${url.slice(0, query)}?${masked}`;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
