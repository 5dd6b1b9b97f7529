import { assertStrongSecret, invalidOptions, parseOptions } from '@rail/core';
import { z } from 'zod';

/** Development only (base64 of 32 bytes); production must configure its own key. */
export const DEVELOPMENT_WEBHOOK_KEY = Buffer.from('rail-development-webhook-key-32b').toString('base64');

const minute = 60_000;
const hour = 60 * minute;

/** An endpoint declared in configuration rather than through the API (kept in step at every start). */
const configuredEndpoint = z.strictObject({
  companyId: z.string().min(1),
  url: z.string().url(),
  events: z.array(z.string().min(1)).default(['*']),
  modelsInclude: z.array(z.string()).default([]),
  modelsExclude: z.array(z.string()).default([]),
  fieldsInclude: z.array(z.string()).default([]),
  fieldsExclude: z.array(z.string()).default([]),
  role: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/),
  /** `whsec_…`, from a secret store. */
  secret: z.string().regex(/^whsec_[A-Za-z0-9+/=]{16,}$/, { message: 'expected whsec_ and base64' }),
  description: z.string().max(200).optional(),
});

export type ConfiguredWebhookEndpoint = z.output<typeof configuredEndpoint>;

export const webhooksOptionsSchema = z.strictObject({
  /**
   * Models (GraphQL type names) whose writes become events, besides those
   * whose entities say so (`@EmitsWebhookEvents`). Others never leave.
   */
  models: z.array(z.string().min(1)).default([]),
  /** Hosts and IPs/CIDRs allowed although private (a receiver on the same network, tests on 127.0.0.1). */
  allow: z.array(z.string().min(1)).default([]),
  /** Endpoints must be https (default: in production). */
  requireHttps: z.boolean().optional(),
  /** Waits before each retry, in ms (Standard Webhooks' schedule by default). */
  retrySchedule: z
    .array(z.number().int().min(0))
    .default([5000, 5 * minute, 30 * minute, 2 * hour, 5 * hour, 10 * hour, 10 * hour]),
  /** An endpoint failing for this long is disabled (and the audit trail says so). */
  disableAfterMs: z
    .number()
    .int()
    .positive()
    .default(5 * 24 * hour),
  connectTimeoutMs: z.number().int().positive().default(5000),
  totalTimeoutMs: z.number().int().positive().default(15_000),
  /** How much of a response body the delivery log keeps. */
  maxResponseBytes: z.number().int().min(0).max(65_536).default(2048),
  /** Deliveries in flight per endpoint in this process. */
  concurrencyPerEndpoint: z.number().int().min(1).max(32).default(2),
  /**
   * A delivery whose endpoint has `concurrencyPerEndpoint` requests in flight
   * goes back to the queue for this long instead of holding a queue slot.
   */
  busyEndpointDelayMs: z.number().int().min(10).default(1000),
  /** After a rotation, the old secret signs too for this long. */
  rotationGraceSeconds: z
    .number()
    .int()
    .min(0)
    .default(24 * 3600),
  /** Encrypts endpoint secrets at rest (AES-256-GCM; base64 of 32 bytes). */
  encryptionKey: z.string().optional(),
  production: z.boolean().optional(),
  /** Endpoints from configuration; created or updated (matched by company and URL) at start-up. */
  endpoints: z.array(configuredEndpoint).default([]),
});

export type RailWebhooksOptions = z.input<typeof webhooksOptionsSchema>;
export type ResolvedWebhooksOptions = Omit<
  z.output<typeof webhooksOptionsSchema>,
  'encryptionKey' | 'requireHttps'
> & {
  readonly encryptionKey: string;
  readonly requireHttps: boolean;
};

export const RAIL_WEBHOOKS_OPTIONS = Symbol('RAIL_WEBHOOKS_OPTIONS');

/** Validates the options and applies the defaults; a wrong key stops start-up with a message naming it. */
export function resolveWebhooksOptions(
  options: RailWebhooksOptions,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedWebhooksOptions {
  return withEncryptionKey(parseOptions(webhooksOptionsSchema, options, 'RailWebhooksModule options'), env);
}

/** The key that seals endpoint secrets: the development one outside production only, a strong one in it. */
export function withEncryptionKey(
  data: z.output<typeof webhooksOptionsSchema>,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedWebhooksOptions {
  const production = data.production ?? env.NODE_ENV === 'production';
  const key = data.encryptionKey ?? (production ? undefined : DEVELOPMENT_WEBHOOK_KEY);
  if (!key || (production && key === DEVELOPMENT_WEBHOOK_KEY)) {
    throw invalidOptions('RailWebhooksModule options', [
      {
        path: ['encryptionKey'],
        expected: 'production needs its own key for endpoint secrets (openssl rand -base64 32)',
        received: { value: data.encryptionKey },
      },
    ]);
  }
  if (production) assertStrongSecret('RailWebhooksModule option "encryptionKey"', key);
  return { ...data, encryptionKey: key, requireHttps: data.requireHttps ?? production };
}
