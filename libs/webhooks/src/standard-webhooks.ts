import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * The Standard Webhooks signing scheme (https://www.standardwebhooks.com), shared by the
 * sender and by Node receivers so both sides compute the signature the same way. The
 * signature itself is the reference library's (`standardwebhooks`); this file adds what a
 * sender and a receiver of ours need around it: several secrets while one is rotated, a
 * strict secret format, headers in any case or repeated, and a replay window with a clock
 * that tests can set.
 */

const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 24;
const SIGNATURE_VERSION = 'v1';
const DEFAULT_TOLERANCE_SECONDS = 300;
// Strict base64: Buffer.from(…, 'base64') silently skips invalid characters, which would turn a
// mistyped secret into a different key instead of an error.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export type WebhookSignatureHeaders = Record<
  'webhook-id' | 'webhook-timestamp' | 'webhook-signature',
  string
>;

export interface VerifyWebhookOptions {
  /** How far the timestamp may be from `now`, either way, before the message counts as a replay. */
  toleranceSeconds?: number;
  now?: Date;
}

/** A new signing secret: `whsec_` and the base64 of 24 random bytes. */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

/**
 * The headers that sign `body`, one `v1,<signature>` per secret, so a receiver holding either the
 * old or the new secret accepts the message while a secret is being rotated.
 */
export function signWebhook(
  secrets: readonly string[],
  msgId: string,
  timestamp: Date,
  body: string,
): WebhookSignatureHeaders {
  if (secrets.length === 0) throw new Error('signWebhook needs at least one secret');
  const seconds = Math.floor(timestamp.getTime() / 1000);
  if (!Number.isFinite(seconds)) throw new Error('signWebhook needs a valid timestamp');
  return {
    'webhook-id': msgId,
    'webhook-timestamp': String(seconds),
    'webhook-signature': secrets
      .map((secret) => `${SIGNATURE_VERSION},${sign(secret, msgId, seconds, body)}`)
      .join(' '),
  };
}

/**
 * Checks a received message; throws an Error saying why when it must be refused. `body` must be the
 * raw request body exactly as received: re-serialised JSON would not match the signature.
 */
export function verifyWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  options: VerifyWebhookOptions = {},
): void {
  const msgId = singleHeader(headers, 'webhook-id');
  const timestampHeader = singleHeader(headers, 'webhook-timestamp');
  // Several signature headers each add candidates, like several space-separated entries in one.
  const signatures = headerValues(headers, 'webhook-signature').join(' ');
  if (signatures === '') throw new Error('Missing webhook-signature header');

  if (!/^\d+$/.test(timestampHeader)) throw new Error('Invalid webhook-timestamp header');
  const seconds = Number(timestampHeader);
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (nowSeconds - seconds > tolerance) throw new Error('Webhook timestamp is too old (possible replay)');
  if (seconds - nowSeconds > tolerance) throw new Error('Webhook timestamp is too far in the future');

  const expected = Buffer.from(sign(secret, msgId, seconds, body));
  const matches = signatures
    .split(' ')
    .map((entry) => entry.split(','))
    // Other versions (e.g. v1a, asymmetric) may sit beside ours; they are not for this key.
    .filter(([version]) => version === SIGNATURE_VERSION)
    .some(([, signature = '']) => {
      const candidate = Buffer.from(signature);
      // timingSafeEqual needs equal lengths; the expected length is public, so checking it leaks nothing.
      return candidate.length === expected.length && timingSafeEqual(candidate, expected);
    });
  if (!matches) throw new Error('No matching webhook signature');
}

/** The base64 HMAC of `<id>.<seconds>.<body>`, as the reference library computes it (without its `v1,`). */
function sign(secret: string, msgId: string, seconds: number, body: string): string {
  const versioned = new Webhook(checkedSecret(secret)).sign(msgId, new Date(seconds * 1000), body);
  return versioned.slice(`${SIGNATURE_VERSION},`.length);
}

/** A secret is `whsec_` and strict base64: a mistyped one is an error, never a different key. */
function checkedSecret(secret: string): string {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : undefined;
  if (encoded === undefined || encoded === '' || !BASE64.test(encoded)) {
    throw new Error(`A webhook secret must be "${SECRET_PREFIX}" followed by base64`);
  }
  return secret;
}

/** Header names are matched case-insensitively, as receivers may hand over headers in any case. */
function headerValues(headers: Record<string, string | string[] | undefined>, name: string): string[] {
  return Object.entries(headers)
    .filter(([key]) => key.toLowerCase() === name)
    .flatMap(([, value]) => value ?? [])
    .filter((value) => value !== '');
}

/** The id and timestamp must appear exactly once: two values would make the signed content ambiguous. */
function singleHeader(headers: Record<string, string | string[] | undefined>, name: string): string {
  const values = headerValues(headers, name);
  if (values.length === 0) throw new Error(`Missing ${name} header`);
  if (values.length > 1) throw new Error(`The ${name} header appears more than once`);
  return values[0];
}
