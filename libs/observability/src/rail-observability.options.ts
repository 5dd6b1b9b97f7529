import { assertStrongSecret, parseOptions } from '@rail/core';
import type { DestinationStream } from 'pino';
import { z } from 'zod';

const routePath = z.string().regex(/^\/[\w\-/.]*$/, { message: 'expected a path starting with "/"' });

const destinationStream = z.custom<DestinationStream>(
  (value) =>
    typeof value === 'object' && value !== null && typeof (value as { write?: unknown }).write === 'function',
  { message: 'expected a stream (an object with write())' },
);

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const observabilityOptionsSchema = z.strictObject({
  logs: z
    .strictObject({
      /** The lowest level written (any case, e.g. from `LOG_LEVEL`); `silent` writes nothing. */
      level: z.string().trim().toLowerCase().pipe(z.enum(LOG_LEVELS)).default('info'),
      /**
       * Where the JSON lines go: standard output by default. A test passes a
       * stream to read them (or provides one under `RAIL_LOG_DESTINATION`).
       */
      destination: destinationStream.optional(),
      /** More pino `redact` paths, on top of Rail's (credentials, tokens, cookies, passwords, secrets). */
      redact: z.array(z.string().min(1)).default([]),
      /** One line per HTTP request: status, duration, user, company, GraphQL operation and error codes. */
      requests: z.boolean().default(true),
      /** Requests to these paths are logged at `debug` while they succeed (probes; `/metrics` is added). */
      quietPaths: z.array(routePath).default(['/health/live', '/health/ready', '/health/startup']),
    })
    .prefault({}),
  metrics: z
    .strictObject({
      /** `false`: nothing is counted and `/metrics` is not served. */
      enabled: z.boolean().default(true),
      path: routePath.default('/metrics'),
      /**
       * The bearer token scrapers send (`Authorization: Bearer <token>`). Without one,
       * `/metrics` is served only where `allowAnonymous` is true (by default outside production).
       */
      token: z.string().min(16, { message: 'expected at least 16 characters' }).optional(),
      /** Serve `/metrics` without a token when none is configured. Defaults to true outside production only. */
      allowAnonymous: z.boolean().optional(),
      /** Node.js process metrics (CPU, memory, event loop, GC) from prom-client. */
      defaultMetrics: z.boolean().default(true),
      /**
       * GraphQL operation names are chosen by clients: the first this many get a
       * series of their own, later ones are counted as `(other)`.
       */
      maxOperationNames: z.number().int().min(1).max(1000).default(100),
      /** Operation names that always get their own series (the app's own documents), beyond the cap. */
      knownOperations: z.array(z.string().regex(/^[_A-Za-z][_0-9A-Za-z]*$/)).default([]),
    })
    .prefault({}),
});

export type RailObservabilityOptions = z.input<typeof observabilityOptionsSchema>;
export type ResolvedObservabilityOptions = z.output<typeof observabilityOptionsSchema>;

export const RAIL_OBSERVABILITY_OPTIONS = Symbol('RAIL_OBSERVABILITY_OPTIONS');

/** Validates the options and applies the defaults; a wrong key stops start-up with a message naming it. */
export function resolveObservabilityOptions(
  options: RailObservabilityOptions,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedObservabilityOptions {
  return checkObservabilityOptions(
    parseOptions(observabilityOptionsSchema, options, 'RailObservabilityModule options'),
    env,
  );
}

/** In production, a weak metrics token stops start-up (on options the schema already validated). */
export function checkObservabilityOptions(
  resolved: ResolvedObservabilityOptions,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedObservabilityOptions {
  const token = resolved.metrics.token;
  if (token && env.NODE_ENV === 'production') {
    assertStrongSecret('RailObservabilityModule option "metrics.token"', token);
  }
  return resolved;
}
