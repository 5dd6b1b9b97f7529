import { RailError, RailErrorCode } from '@rail/core';
import { isEmail } from 'class-validator';

/** RFC 5321's limit on a forward path, which the user table's column also keeps. */
const MAX_EMAIL_LENGTH = 254;

// Control and format characters (NUL, newlines, bidi overrides, zero-width joiners)
// belong in no address; refused by name so that the message says why.
const INVISIBLE_CHARACTERS = /[\p{Cc}\p{Cf}]/u;

/**
 * The email of a sign-in as the user table stores it: trimmed and lower-cased.
 * Refuses, as BAD_USER_INPUT naming the argument, anything that cannot be an
 * address, before it reaches the database or costs a password check.
 */
export function normalizeLoginEmail(value: string, field = 'email'): string {
  const email = value.trim().toLowerCase();
  const refuse = (reason: string): RailError =>
    new RailError(RailErrorCode.BAD_USER_INPUT, `${field}: ${reason}`, { field });
  if (INVISIBLE_CHARACTERS.test(email)) throw refuse('must not contain control characters');
  if (email.length > MAX_EMAIL_LENGTH) throw refuse(`must be at most ${MAX_EMAIL_LENGTH} characters`);
  if (!isEmail(email, { allow_utf8_local_part: true, require_tld: false }))
    throw refuse('must be an email address');
  return email;
}
