import { RailConfigurationError } from './rail-configuration.error.js';
import { secretWeakness } from './secret-strength.js';

/** One secret an app reads (from its environment, a vault): where it comes from, and whether production needs it. */
export interface ProductionSecret {
  /** How the operator knows it: `Environment variable JWT_SECRET`. */
  readonly name: string;
  readonly value: string | undefined;
  /** Production refuses to start without it (default `true`); an optional one is only checked when set. */
  readonly required?: boolean;
  /** Why it is needed, for the message: `signs access tokens`. */
  readonly purpose?: string;
}

/** Every missing or weak secret of the list, one line each; empty when all are fine. */
export function productionSecretProblems(secrets: readonly ProductionSecret[]): string[] {
  return secrets.flatMap((secret) => {
    const purpose = secret.purpose ? ` (${secret.purpose})` : '';
    if (!secret.value) {
      return secret.required === false
        ? []
        : [`${secret.name} is missing${purpose}: set 32 random bytes, e.g. openssl rand -base64 32`];
    }
    const weakness = secretWeakness(secret.value);
    return weakness ? [`${secret.name} is too weak: ${weakness}`] : [];
  });
}

/**
 * Stops a production start when any secret is missing or weak, naming all of
 * them in one message: an operator sets them in one round, not one per start.
 *
 * @example
 * if (process.env.NODE_ENV === 'production')
 *   assertProductionSecrets([{ name: 'Environment variable JWT_SECRET', value: process.env.JWT_SECRET }]);
 */
export function assertProductionSecrets(secrets: readonly ProductionSecret[]): void {
  const problems = productionSecretProblems(secrets);
  if (problems.length === 0) return;
  throw new RailConfigurationError(
    `Production secrets are missing or weak:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
  );
}
