import { PasswordPolicy } from './password-policy.js';

describe('PasswordPolicy', () => {
  const policy = new PasswordPolicy();

  it('refuses fewer than 8 characters', () => {
    expect(policy.problems('kq7#vw2', {})).toEqual(['Use at least 8 characters.']);
  });

  it('accepts exactly 8 and exactly 128 characters', () => {
    expect(policy.problems('kq7#vw2z', {})).toEqual([]);
    expect(policy.problems('kq7#vw2z'.repeat(16), {})).toEqual([]);
  });

  it('refuses 129 characters', () => {
    expect(policy.problems('kq7#vw2z'.repeat(16) + 'x', {})).toEqual(['Use at most 128 characters.']);
  });

  it('counts code points, not UTF-16 units', () => {
    // Eight emoji are sixteen UTF-16 units but eight characters.
    expect(policy.problems('🔐🦊🌲🚲🎲🧭🪁🫖', {})).toEqual([]);
    expect(policy.problems('🔐🦊🌲🚲', {})).toEqual(['Use at least 8 characters.']);
    expect(policy.problems('🔐'.repeat(128), {})).toEqual([]);
    expect(policy.problems('🔐'.repeat(129), {})).toEqual(['Use at most 128 characters.']);
  });

  it('refuses common passwords, whatever their case', () => {
    for (const password of ['password1', '123456789', 'PASSWORD1', 'Qwertyuiop']) {
      expect(policy.problems(password, {})).toEqual([
        'This password is too common: choose one that is harder to guess.',
      ]);
    }
  });

  it('refuses passwords containing the email address or its local part', () => {
    const email = 'Ada.Lovelace@acme.example';
    const problem = 'Do not use your email address in your password.';
    expect(policy.problems('my ada.lovelace@ACME.example pass', { email })).toEqual([problem]);
    expect(policy.problems('ADA.LOVELACE-2024', { email })).toEqual([problem]);
    expect(policy.problems('ada.lovelace-2024', {})).toEqual([]);
  });

  it('ignores local parts shorter than 3 characters', () => {
    expect(policy.problems('jokes about zebras', { email: 'jo@acme.example' })).toEqual([]);
    expect(policy.problems('jokes about zebras', { email: 'jok@acme.example' })).toEqual([
      'Do not use your email address in your password.',
    ]);
  });

  it('accepts a long passphrase without composition rules', () => {
    expect(policy.problems('correct horse battery staple', { email: 'ada@acme.example' })).toEqual([]);
  });

  it('reports every problem at once', () => {
    expect(policy.problems('ada', { email: 'ada@acme.example' })).toEqual([
      'Use at least 8 characters.',
      'Do not use your email address in your password.',
    ]);
  });
});
