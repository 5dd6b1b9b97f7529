import { DEFAULT_REDIS_COMMAND_TIMEOUT_MS, parseOptions } from '@rail/core';
import { z } from 'zod';
import { RATE_LIMIT_BUCKETS, type RateLimitBucketName } from './rate-limit-bucket.decorator.js';

/** One bucket's limit: `limit` hits per `ttlMs` window, then refused for `blockMs` (default: one window). */
export interface RateLimitBucketOptions {
  readonly limit?: number;
  readonly ttlMs?: number;
  readonly blockMs?: number;
}

export interface ResolvedRateLimitBucket {
  readonly limit: number;
  readonly ttlMs: number;
  /** Absent: one window, the window of a `@Throttle` override where there is one. */
  readonly blockMs?: number;
}

/** Production defaults, per caller (user, or address when anonymous) and bucket. */
export const DEFAULT_RATE_LIMITS: Readonly<
  Record<RateLimitBucketName, Omit<ResolvedRateLimitBucket, 'blockMs'>>
> = {
  // Every root field counts: a dashboard of 10 fields polled every 5 s uses 120 a minute.
  query: { limit: 600, ttlMs: 60_000 },
  mutation: { limit: 120, ttlMs: 60_000 },
  // Anonymous sign-ins count per address, and an office behind one NAT address signs in together
  // at nine; guessing one account's password is stopped by the auth library's lockout anyway.
  auth: { limit: 20, ttlMs: 60_000 },
};

/**
 * The root fields counted in the `auth` bucket: those that check a password or a
 * second factor the caller supplies, so the ones worth guessing at.
 * `refreshToken` is not one: it proves possession of a long random token,
 * and every user of an office behind one address refreshes all day long.
 */
export const DEFAULT_AUTH_FIELDS: readonly string[] = [
  'login',
  'verifyMfaLogin',
  'changePassword',
  'setupTotp',
  'confirmTotp',
  'disableTotp',
  'regenerateRecoveryCodes',
];

const UNITS_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const BUCKET_SPEC = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/;

/** `"600/1m"`, `"20/30s"`, `"5/500ms"`: a limit per window, the form environment variables use. */
export function parseRateLimitSpec(spec: string): RateLimitBucketOptions | undefined {
  const match = BUCKET_SPEC.exec(spec);
  if (!match) return undefined;
  return { limit: Number(match[1]), ttlMs: Math.round(Number(match[2]) * UNITS_MS[match[3]]) };
}

const DAY_MS = 86_400_000;

const bucketSchema = z.preprocess<
  unknown,
  z.ZodType<RateLimitBucketOptions>,
  RateLimitBucketOptions | string
>(
  (value, context) => {
    if (typeof value !== 'string') return value;
    const parsed = parseRateLimitSpec(value);
    if (parsed) return parsed;
    context.addIssue({
      code: 'custom',
      message: 'expected "<limit>/<window>" such as "600/1m", "20/30s" or "5/500ms"',
    });
    return z.NEVER;
  },
  z.strictObject({
    limit: z.number().int().min(1).optional(),
    ttlMs: z.number().int().min(100).max(DAY_MS).optional(),
    /** 0: no block beyond the window; hits over the limit are refused until it ends. */
    blockMs: z.number().int().min(0).max(DAY_MS).optional(),
  }),
);

export const rateLimitOptionsSchema = z.strictObject({
  /** `false` lets every request through (the guard stays registered and does nothing). */
  enabled: z.boolean().default(true),
  /** Redis shared by every instance (`redis://` or `rediss://`); counters in memory when absent. */
  redisUrl: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, { message: 'expected a redis:// or rediss:// URL' })
    .optional(),
  /** Prefix of the counters' Redis keys, so that several apps (or test runs) share a Redis apart. */
  redisKeyPrefix: z.string().default('rail:rate-limit:'),
  /** A Redis command without an answer after this long fails, and the request is let through. */
  redisCommandTimeoutMs: z.number().int().min(50).default(DEFAULT_REDIS_COMMAND_TIMEOUT_MS),
  /** Root query fields (and REST `GET`/`HEAD`/`OPTIONS`), per caller. */
  query: bucketSchema.optional(),
  /** Root mutation fields (and other REST methods) outside the `auth` bucket, per caller. */
  mutation: bucketSchema.optional(),
  /** The root fields named in `authFields`, per caller. */
  auth: bucketSchema.optional(),
  /** Root fields (of any operation) counted in the `auth` bucket instead of their operation's. */
  authFields: z.array(z.string().min(1)).default([...DEFAULT_AUTH_FIELDS]),
  /** REST paths never limited (a prefix matches whole segments): probes and metrics scrapes. */
  skipPaths: z
    .array(
      z
        .string()
        .startsWith('/')
        .transform((path) => path.replace(/\/+$/, '')),
    )
    .default(['/health', '/metrics']),
});

export type RailRateLimitOptions = z.input<typeof rateLimitOptionsSchema>;
export type ResolvedRateLimitOptions = Omit<z.output<typeof rateLimitOptionsSchema>, RateLimitBucketName> & {
  readonly buckets: Readonly<Record<RateLimitBucketName, ResolvedRateLimitBucket>>;
};

export const RAIL_RATE_LIMIT_OPTIONS = Symbol('RAIL_RATE_LIMIT_OPTIONS');

/** Validates the options and applies the defaults; a wrong key stops start-up with a message naming it. */
export function resolveRateLimitOptions(options: RailRateLimitOptions = {}): ResolvedRateLimitOptions {
  return bucketsOf(parseOptions(rateLimitOptionsSchema, options, 'RailRateLimitModule options'));
}

/** Each bucket's limit: the configured one over the default (on options the schema already validated). */
export function bucketsOf(validated: z.output<typeof rateLimitOptionsSchema>): ResolvedRateLimitOptions {
  const { query, mutation, auth, ...rest } = validated;
  const given: Record<RateLimitBucketName, RateLimitBucketOptions | undefined> = { query, mutation, auth };
  const buckets = Object.fromEntries(
    RATE_LIMIT_BUCKETS.map((name) => {
      const { limit, ttlMs } = { ...DEFAULT_RATE_LIMITS[name], ...stripUndefined(given[name]) };
      const blockMs = given[name]?.blockMs;
      return [name, blockMs === undefined ? { limit, ttlMs } : { limit, ttlMs, blockMs }];
    }),
  ) as Record<RateLimitBucketName, ResolvedRateLimitBucket>;
  return { ...rest, buckets };
}

function stripUndefined(bucket: RateLimitBucketOptions | undefined): RateLimitBucketOptions {
  return Object.fromEntries(Object.entries(bucket ?? {}).filter(([, value]) => value !== undefined));
}
