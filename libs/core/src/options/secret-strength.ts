import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { RailConfigurationError } from './rail-configuration.error.js';

// zxcvbn's top score (about 10^10 guesses) is meant for passwords; a machine secret
// gets a higher floor. `openssl rand -base64 32` scores far above it.
const MIN_GUESSES_LOG10 = 16;
// zxcvbn's matching grows with length; a secret's first characters show its patterns.
const CHECKED_LENGTH = 128;

let estimator: ZxcvbnFactory | undefined;

/**
 * Why a secret is too easy to guess (repeated characters, common passwords,
 * keyboard patterns, sequences), or `undefined` when it is strong enough.
 * Length alone says nothing: 40 × `a` is 40 bytes and guessed at once.
 */
export function secretWeakness(secret: string): string | undefined {
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  const result = estimator.check(secret.slice(0, CHECKED_LENGTH));
  if (result.guessesLog10 >= MIN_GUESSES_LOG10) return undefined;
  const patterns = [...new Set(result.sequence.map((match) => match.pattern))].filter(
    (pattern) => pattern !== 'bruteforce',
  );
  return `it is guessable in about 10^${Math.floor(result.guessesLog10)} tries${patterns.length > 0 ? ` (${patterns.join(', ')})` : ''}; use 32 random bytes, e.g. openssl rand -base64 32`;
}

/**
 * Stops start-up when a production secret is weak, naming where it came from
 * (`"JWT_SECRET"`, `RailAuthModule option "jwt.secret"`).
 *
 * @example
 * if (production) assertStrongSecret('RailExportModule option "signingSecret"', secret);
 */
export function assertStrongSecret(name: string, secret: string): void {
  const weakness = secretWeakness(secret);
  if (weakness) throw new RailConfigurationError(`${name} is too weak: ${weakness}`);
}
