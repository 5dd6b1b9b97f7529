import { isSecretOptionPath, redactUrlPassword } from './redact-secrets.js';

function kind(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object' && value !== null) {
    const name = (value as { constructor?: { name?: string } }).constructor?.name;
    return name && name !== 'Object' ? `an instance of ${name}` : 'an object';
  }
  return `a ${typeof value}`;
}

/**
 * How a start-up message shows a value it refuses: strings quoted (a URL's
 * password hidden), numbers and booleans as they are, classes and functions by
 * name, objects by kind only (they may hold secrets further down). The value of
 * a key that names a secret is never shown, only its length or kind.
 */
export function describeReceived(value: unknown, path: readonly PropertyKey[] = []): string {
  if (value === undefined || value === null) return String(value);
  if (isSecretOptionPath(path)) {
    const shape = typeof value === 'string' ? `a ${value.length}-character string` : kind(value);
    return `${shape} (secret, not shown)`;
  }
  if (typeof value === 'string') return JSON.stringify(redactUrlPassword(value));
  if (typeof value === 'function') {
    const what = Function.prototype.toString.call(value).startsWith('class') ? 'class' : 'function';
    return value.name ? `${what} ${value.name}` : `a ${what}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (typeof value === 'symbol') return value.toString();
  return kind(value);
}
