import { assertProductionSecrets, type ProductionSecret } from '@rail/core';

/** Every secret the store reads from its environment, and which of them production cannot go without. */
function storeSecrets(env: NodeJS.ProcessEnv): ProductionSecret[] {
  const secret = (name: string, purpose: string, required = true): ProductionSecret => ({
    name: `Environment variable ${name}`,
    value: env[name],
    required,
    purpose,
  });
  // With a key pair (RS256) there is no shared JWT secret to set.
  const rs256 = Boolean(env.JWT_PRIVATE_KEY);
  return [
    secret('JWT_SECRET', 'signs access tokens', !rs256),
    secret('MFA_ENCRYPTION_KEY', 'seals authenticator seeds'),
    secret('EXPORT_SIGNING_SECRET', 'signs export download links'),
    // Falls back to MFA_ENCRYPTION_KEY; without METRICS_TOKEN, /metrics is not served in production.
    secret('WEBHOOK_ENCRYPTION_KEY', 'seals webhook endpoint secrets', false),
    secret('METRICS_TOKEN', 'guards /metrics', false),
  ];
}

/**
 * In production, refuses missing and weak secrets, all of them in one message
 * naming each environment variable (the libraries check their options too,
 * but one at a time and by option name).
 */
export function assertStrongProductionSecrets(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_ENV !== 'production') return;
  assertProductionSecrets(storeSecrets(env));
}
