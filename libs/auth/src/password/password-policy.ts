import { dictionary } from '@zxcvbn-ts/language-common';

/** The context a password is judged in: parts of the account it must not contain. */
export interface PasswordContext {
  email?: string;
}

// Built on first use: the list holds about 50,000 entries, and importing @rail/auth
// should not cost a Set of them to code that never checks a password.
let commonPasswords: ReadonlySet<string> | undefined;

function isCommonPassword(lowerCased: string): boolean {
  commonPasswords ??= new Set(dictionary['passwords-common'].map((entry) => entry.toLowerCase()));
  return commonPasswords.has(lowerCased);
}

/** Code points, not UTF-16 units: an emoji or a CJK supplement character counts as one. */
function characterCount(text: string): number {
  return [...text].length;
}

/**
 * NIST SP 800-63B style: a length range, a blocklist of common passwords and no
 * account identifiers; no composition rules (they push users to predictable
 * patterns such as "Password1!" without making passwords harder to guess).
 */
export class PasswordPolicy {
  static readonly MIN_LENGTH = 8;
  // Long enough for any passphrase; the bound keeps hashing cost predictable.
  static readonly MAX_LENGTH = 128;

  /** Human-readable reasons the password is refused; empty when it is acceptable. */
  problems(password: string, context: PasswordContext = {}): string[] {
    const problems: string[] = [];
    const length = characterCount(password);
    if (length < PasswordPolicy.MIN_LENGTH) {
      problems.push(`Use at least ${PasswordPolicy.MIN_LENGTH} characters.`);
    }
    if (length > PasswordPolicy.MAX_LENGTH) {
      problems.push(`Use at most ${PasswordPolicy.MAX_LENGTH} characters.`);
    }
    const lowerCased = password.toLowerCase();
    if (isCommonPassword(lowerCased)) {
      problems.push('This password is too common: choose one that is harder to guess.');
    }
    if (containsEmail(lowerCased, context.email)) {
      problems.push('Do not use your email address in your password.');
    }
    return problems;
  }
}

function containsEmail(lowerCasedPassword: string, email: string | undefined): boolean {
  const address = email?.trim().toLowerCase();
  if (!address) return false;
  if (lowerCasedPassword.includes(address)) return true;
  const at = address.lastIndexOf('@');
  const localPart = at > 0 ? address.slice(0, at) : '';
  // Shorter local parts ("al", "jo") occur in too many ordinary words to refuse them.
  return characterCount(localPart) >= 3 && lowerCasedPassword.includes(localPart);
}
