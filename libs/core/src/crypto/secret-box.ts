import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
// 96-bit IVs are GCM's native size; random ones are safe for far more seals than a
// key will ever see here (NIST's limit is 2^32 per key).
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Authenticated encryption of small secrets stored at rest (TOTP secrets): AES-256-GCM,
 * sealed as `v1.<iv>.<tag>.<ciphertext>` in unpadded base64url. The version prefix
 * lets a later format or key rotation coexist with rows sealed today.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
      const got = Buffer.isBuffer(key) ? `${key.length} bytes` : typeof key;
      throw new Error(`SecretBox needs a ${KEY_BYTES}-byte key for AES-256-GCM, got ${got}.`);
    }
    // A copy: the caller may reuse or zero its buffer.
    this.key = Buffer.from(key);
  }

  /** Parses a base64 (or base64url) 32-byte key, as made by `openssl rand -base64 32`. */
  static fromBase64Key(text: string): SecretBox {
    const trimmed = text.trim();
    if (trimmed === '') {
      throw new Error(
        `SecretBox key is empty: expected ${KEY_BYTES} random bytes in base64 (openssl rand -base64 32).`,
      );
    }
    if (!BASE64.test(trimmed)) {
      throw new Error(
        'SecretBox key is not valid base64: it contains characters outside the base64 alphabet.',
      );
    }
    const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length !== KEY_BYTES) {
      throw new Error(
        `SecretBox key decodes to ${key.length} bytes; AES-256-GCM needs exactly ${KEY_BYTES} (openssl rand -base64 32).`,
      );
    }
    return new SecretBox(key);
  }

  /**
   * `associatedData` (optional) binds the sealed value to its context, e.g. the owning
   * row's id: it is authenticated but not stored, so `open` must be given the same value,
   * and a value copied into another row no longer opens.
   */
  seal(plaintext: string, associatedData?: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv, { authTagLength: TAG_BYTES });
    if (associatedData !== undefined) cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, ...[iv, tag, ciphertext].map((part) => part.toString('base64url'))].join('.');
  }

  /** Throws when the value is not a v1 sealed value, was altered, or was sealed with another key. */
  open(sealed: string, associatedData?: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION) {
      throw new Error(`SecretBox cannot open this value: expected "${VERSION}.<iv>.<tag>.<ciphertext>".`);
    }
    const [iv, tag, ciphertext] = parts.slice(1).map(decodeBase64Url);
    if (!iv || !tag || !ciphertext || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new Error(
        `SecretBox cannot open this value: malformed ${VERSION} parts (${IV_BYTES}-byte IV and ${TAG_BYTES}-byte tag in base64url).`,
      );
    }
    const decipher = createDecipheriv(ALGORITHM, this.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    if (associatedData !== undefined) decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new Error(
        'SecretBox cannot open this value: authentication failed (wrong key, altered value or other associated data).',
      );
    }
  }
}

/** Undefined for text outside the base64url alphabet (Buffer.from would skip it silently). */
function decodeBase64Url(text: string): Buffer | undefined {
  return BASE64URL.test(text) ? Buffer.from(text, 'base64url') : undefined;
}
