import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box.js';

const key = randomBytes(32);

/** Flips one bit of the byte at `index` of a base64url part. */
function flip(part: string, index: number): string {
  const bytes = Buffer.from(part, 'base64url');
  bytes[index] ^= 0x01;
  return bytes.toString('base64url');
}

describe('SecretBox', () => {
  it('opens what it sealed', () => {
    const box = new SecretBox(key);
    for (const plaintext of ['GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', '', 'ünïcødé ✓ 🔐']) {
      expect(box.open(box.seal(plaintext))).toBe(plaintext);
    }
  });

  it('seals as v1.<iv>.<tag>.<ciphertext> with a fresh IV each time', () => {
    const box = new SecretBox(key);
    const sealed = box.seal('secret');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(box.seal('secret')).not.toBe(sealed);
    expect(sealed).not.toContain('secret');
  });

  it('refuses a tampered value', () => {
    const box = new SecretBox(key);
    const [version, iv, tag, ciphertext] = box.seal('GEZDGNBVGY3TQOJQ').split('.');
    const tampered = [
      [version, iv, tag, flip(ciphertext, 0)],
      [version, flip(iv, 5), tag, ciphertext],
      [version, iv, flip(tag, 15), ciphertext],
    ];
    for (const parts of tampered) {
      expect(() => box.open(parts.join('.'))).toThrow(/authentication failed/);
    }
  });

  it('refuses a value sealed with another key', () => {
    const sealed = new SecretBox(key).seal('secret');
    expect(() => new SecretBox(randomBytes(32)).open(sealed)).toThrow(/authentication failed/);
  });

  it('binds associated data when given', () => {
    const box = new SecretBox(key);
    const sealed = box.seal('secret', 'device-1');
    expect(box.open(sealed, 'device-1')).toBe('secret');
    expect(() => box.open(sealed, 'device-2')).toThrow(/authentication failed/);
    expect(() => box.open(sealed)).toThrow(/authentication failed/);
  });

  it('refuses values of the wrong format', () => {
    const box = new SecretBox(key);
    const [, iv, tag, ciphertext] = box.seal('secret').split('.');
    for (const value of [
      '',
      'secret',
      `v2.${iv}.${tag}.${ciphertext}`,
      `v1.${iv}.${tag}`,
      `v1.${iv}.${tag}.${ciphertext}.extra`,
      `v1.${iv}.${tag}.${ciphertext}!`,
      `v1.${iv.slice(2)}.${tag}.${ciphertext}`,
      `v1.${iv}.${tag.slice(2)}.${ciphertext}`,
    ]) {
      expect(() => box.open(value)).toThrow(/SecretBox cannot open this value/);
    }
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(/32-byte key.*got 16 bytes/);
    expect(() => new SecretBox(randomBytes(33))).toThrow(/got 33 bytes/);
    expect(() => new SecretBox('k'.repeat(32) as unknown as Buffer)).toThrow(/got string/);
  });

  describe('fromBase64Key', () => {
    it('parses base64 and base64url keys', () => {
      const sealed = new SecretBox(key).seal('secret');
      expect(SecretBox.fromBase64Key(key.toString('base64')).open(sealed)).toBe('secret');
      expect(SecretBox.fromBase64Key(` ${key.toString('base64url')}\n`).open(sealed)).toBe('secret');
    });

    it('names the problem with a bad key', () => {
      expect(() => SecretBox.fromBase64Key('  ')).toThrow(/empty/);
      expect(() => SecretBox.fromBase64Key('not base64!')).toThrow(/not valid base64/);
      expect(() => SecretBox.fromBase64Key(randomBytes(16).toString('base64'))).toThrow(
        /decodes to 16 bytes; AES-256-GCM needs exactly 32/,
      );
    });
  });
});
