/**
 * Words that make a field a secret wherever they appear in its name
 * (`passwordHash`, `apiToken`, `totpSecret`, `privateKey`, `recoveryCodes`):
 * such values never enter the trail, whatever the model says.
 */
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'otp',
  'totp',
  'salt',
  'credential',
  'credentials',
  'pin',
]);

/** Word pairs that are secrets together but not apart (`privateKey`, not `sortKey`). */
const SECRET_PAIRS = [
  ['private', 'key'],
  ['api', 'key'],
  ['secret', 'key'],
  ['signing', 'key'],
  ['encryption', 'key'],
  ['recovery', 'code'],
  ['recovery', 'codes'],
] as const;

/** `passwordHash` → `['password', 'hash']`; `api_key` → `['api', 'key']`; `TOTPSeed` → `['totp', 'seed']`. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
}

export function isSecretField(name: string): boolean {
  const words = wordsOf(name);
  if (words.some((word) => SECRET_WORDS.has(word))) return true;
  return SECRET_PAIRS.some(([first, second]) =>
    words.some((word, index) => word === first && words[index + 1] === second),
  );
}
