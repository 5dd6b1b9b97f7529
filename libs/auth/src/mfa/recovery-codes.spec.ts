import {
  generateRecoveryCodes,
  hashRecoveryCode,
  normalizeRecoveryCode,
  RECOVERY_CODE_BITS,
} from './recovery-codes.js';

describe('recovery codes', () => {
  it('generates 10 distinct codes formatted for people', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes)
      expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
  });

  it('carries at least 50 random bits per code', () => {
    expect(RECOVERY_CODE_BITS).toBeGreaterThanOrEqual(50);
  });

  it('generates another set each time, of the requested size', () => {
    expect(generateRecoveryCodes(3)).toHaveLength(3);
    expect(generateRecoveryCodes()).not.toEqual(generateRecoveryCodes());
    expect(() => generateRecoveryCodes(0)).toThrow(/count/);
  });

  it('ignores case, spaces and dashes', () => {
    expect(normalizeRecoveryCode('K7QM 2VXD 9HT4')).toBe(normalizeRecoveryCode('k7qm-2vxd-9ht4'));
    expect(normalizeRecoveryCode(' k7qm2vxd9ht4\n')).toBe('k7qm2vxd9ht4');
    expect(normalizeRecoveryCode('k7qm–2vxd—9ht4')).toBe('k7qm2vxd9ht4');
  });

  it('reads the letters left out of the alphabet as the digits they resemble', () => {
    expect(normalizeRecoveryCode('O1IL-0000-1111')).toBe('011100001111');
  });

  it('hashes the normalized code with SHA-256, stably', () => {
    const hash = hashRecoveryCode('k7qm-2vxd-9ht4');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    // sha256("k7qm2vxd9ht4"): the stored hashes must not change between releases.
    expect(hash).toBe('97909c411825c14b79efcfd677e0581cf157dedfe8e814c42230f01258dec606');
    expect(hashRecoveryCode('K7QM 2VXD 9HT4')).toBe(hash);
    expect(hashRecoveryCode('k7qm-2vxd-9ht5')).not.toBe(hash);
  });
});
