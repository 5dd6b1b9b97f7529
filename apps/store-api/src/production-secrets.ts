import { assertStrongSecret } from '@rail/core';

/** Every secret the store reads from its environment. */
const SECRET_VARIABLES = [
  'JWT_SECRET',
  'MFA_ENCRYPTION_KEY',
  'EXPORT_SIGNING_SECRET',
  'WEBHOOK_ENCRYPTION_KEY',
  'METRICS_TOKEN',
] as const;

/**
 * In production, refuses a weak secret naming the environment variable it came
 * from (the libraries check their options too, but name the option).
 */
export function assertStrongProductionSecrets(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_ENV !== 'production') return;
  for (const name of SECRET_VARIABLES) {
    const value = env[name];
    if (value) assertStrongSecret(`Environment variable ${name}`, value);
  }
}
