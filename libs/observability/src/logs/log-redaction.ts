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

/** Header names whose values are credentials (matched as keys too, whatever object holds them). */
const SECRET_HEADERS = ['x-api-key', 'set-cookie'];

/**
 * pino `redact` paths equivalent to what {@link scrubSecrets} censors, for a
 * logger of your own: request and response headers that carry credentials,
 * and the secret keys at the top level and up to two levels down.
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

const SECRET_KEY_SET = new Set([...SECRET_KEYS, ...SECRET_HEADERS].map((key) => key.toLowerCase()));
// A serialized line that may hold one of the keys: `"password":`, `"Authorization":`, … One test per line.
const SECRET_KEY_IN_JSON = new RegExp(`"(?:${[...SECRET_KEY_SET].join('|')})"\\s*:`, 'i');

/** Replaces the values of secret keys, at any depth, in a parsed log line. */
function censorKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(censorKeys);
  if (value === null || typeof value !== 'object') return value;
  const censored: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value))
    censored[key] = SECRET_KEY_SET.has(key.toLowerCase()) ? REDACTED : censorKeys(item);
  return censored;
}

/**
 * Censors credential keys in one serialized JSON line. Most lines hold none
 * of them, and cost one regular-expression test; the others are parsed,
 * censored at every depth and serialized again. Cheaper per line than pino's
 * wildcard `redact` paths, which walk every field of every line, and it
 * reaches any depth.
 */
function censorSecretKeys(line: string): string {
  if (!SECRET_KEY_IN_JSON.test(line)) return line;
  const newline = line.endsWith('\n') ? '\n' : '';
  try {
    return JSON.stringify(censorKeys(JSON.parse(line))) + newline;
  } catch {
    // Not one JSON object (a pretty-printed or foreign line): the token pass below still applies.
    return line;
  }
}

// A JWT (and any base64url JSON, such as a signed export link) starts with `eyJ`, which is `{"`.
const JWT_LIKE = /eyJ[A-Za-z0-9_\-.+/=]*/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;

/**
 * Applied to every serialized log line before it is written: the values of
 * credential keys are censored at any depth, then token-shaped text is
 * replaced, whichever message, error or field carried it. JSON stays valid
 * (the replacement has no quote or backslash). Lines without a candidate cost
 * one regular-expression test and one `includes`.
 */
export function scrubSecrets(line: string): string {
  let scrubbed = censorSecretKeys(line);
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
