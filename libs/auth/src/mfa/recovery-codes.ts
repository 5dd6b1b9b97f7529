import { createHash, randomInt } from 'node:crypto';

// Crockford's base32 alphabet in lower case: no i, l, o or u, so nothing reads as
// another character, and the confusable letters can be mapped back on input.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const GROUPS = 3;
const GROUP_LENGTH = 4;
/** 12 characters of 5 bits each: 60 random bits per code. */
export const RECOVERY_CODE_BITS = GROUPS * GROUP_LENGTH * Math.log2(ALPHABET.length);

/** `count` distinct single-use codes formatted for people, e.g. `k7qm-2vxd-9ht4`. */
export function generateRecoveryCodes(count = 10): string[] {
  if (!Number.isInteger(count) || count < 1 || count > 100) {
    throw new Error(`generateRecoveryCodes: count must be a whole number from 1 to 100, got ${count}.`);
  }
  const codes = new Set<string>();
  while (codes.size < count) codes.add(randomCode());
  return [...codes];
}

function randomCode(): string {
  const groups: string[] = [];
  for (let group = 0; group < GROUPS; group++) {
    let text = '';
    // randomInt draws without modulo bias.
    for (let index = 0; index < GROUP_LENGTH; index++) text += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(text);
  }
  return groups.join('-');
}

/**
 * The comparable form of a code as a person typed it: case, spaces and dashes do not
 * matter, and the letters Crockford's alphabet leaves out are read as the digits they
 * resemble (o → 0, i and l → 1). `K7QM 2VXD 9HT4` and `k7qm-2vxd-9ht4` both give `k7qm2vxd9ht4`.
 */
export function normalizeRecoveryCode(input: string): string {
  return input
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-‐‑‒–—_]/g, '')
    .replace(/o/g, '0')
    .replace(/[il]/g, '1');
}

/**
 * SHA-256 (hex) of the normalized code, the form to store. A fast hash is enough: each
 * code carries 60 random bits, so guessing one from its hash takes ~2^59 hashes on average,
 * which a slow password hash would only make slower for the server at sign-in, and an
 * unsalted hash lets the code be looked up by its hash.
 */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normalizeRecoveryCode(code), 'utf8').digest('hex');
}
