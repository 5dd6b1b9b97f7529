/** Hides the password of a connection URL so that it can be printed. */
export function redactUrlPassword(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/i, '$1***@');
}

// The last word of a key says what it holds: `jwt.secret`, `metrics.token`,
// `mfa.encryptionKey`, `signingKey.privateKey`. Counts (`graphql.limits.tokens`)
// and prefixes (`redisKeyPrefix`) end otherwise and stay printable.
const SECRET_KEY = /(secret|password|passwd|passphrase|token|credentials?|key)$/i;

/** Whether an option at this path holds a secret: any segment of the path names one. */
export function isSecretOptionPath(path: readonly PropertyKey[]): boolean {
  return path.some((segment) => typeof segment === 'string' && SECRET_KEY.test(segment));
}
