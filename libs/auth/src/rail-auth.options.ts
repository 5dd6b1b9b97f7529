import { parseOptions, RailConfigurationError, secretWeakness } from '@rail/core';
import { z } from 'zod';

/** What the auth library reads of the app's user entity. */
export interface AuthUserRecord {
  id: number | string;
  email: string;
  passwordHash: string;
  displayName?: string;
  roles: string[];
  isActive: boolean;
  companyId: number | string | null;
}

export type AuthUserEntity = new () => AuthUserRecord;

/** Development only: the app refuses to start in production while this is the secret. */
export const DEVELOPMENT_JWT_SECRET = 'rail-development-jwt-secret-not-for-production-use';
/** Development only (base64 of 32 bytes); production must configure its own key. */
export const DEVELOPMENT_MFA_KEY = Buffer.from('rail-development-mfa-key-32bytes').toString('base64');

const key = z.strictObject({
  kid: z.string().regex(/^[\w.-]{1,64}$/, { message: 'expected 1-64 letters, digits, ".", "_" or "-"' }),
});

export const authOptionsSchema = z.strictObject({
  userEntity: z.custom<AuthUserEntity>((value) => typeof value === 'function', {
    message: 'expected the user entity class',
  }),
  production: z.boolean().optional(),
  jwt: z
    .strictObject({
      algorithm: z.enum(['HS256', 'RS256', 'ES256']).default('HS256'),
      /** HS256: at least 32 bytes. */
      secret: z.string().optional(),
      /** RS256/ES256: the PEM private key that signs, with its key id. */
      signingKey: key.extend({ privateKey: z.string().min(1) }).optional(),
      /** RS256/ES256: every PEM public key that may verify (old ones during rotation). */
      verificationKeys: z.array(key.extend({ publicKey: z.string().min(1) })).default([]),
      issuer: z.string().min(1).default('rail'),
      audience: z.string().min(1).default('rail-api'),
      accessTokenTtlSeconds: z.number().int().min(60).max(3600).default(900),
      clockToleranceSeconds: z.number().int().min(0).max(30).default(5),
    })
    .prefault({}),
  refreshToken: z
    .strictObject({
      idleTtlSeconds: z
        .number()
        .int()
        .min(300)
        .default(14 * 86_400),
      absoluteTtlSeconds: z
        .number()
        .int()
        .min(3600)
        .default(30 * 86_400),
    })
    .prefault({}),
  mfa: z
    .strictObject({
      issuer: z.string().min(1).default('Rail'),
      /** Base64 of 32 random bytes; encrypts TOTP secrets. Required in production. */
      encryptionKey: z.string().optional(),
      requiredForRoles: z.array(z.string()).default([]),
      challengeTtlSeconds: z.number().int().min(30).max(900).default(300),
      maxCodeFailures: z.number().int().min(1).max(10).default(5),
    })
    .prefault({}),
  throttle: z
    .strictObject({
      accountMaxFailures: z.number().int().min(1).default(5),
      addressMaxFailures: z.number().int().min(1).default(20),
      windowSeconds: z.number().int().min(1).default(900),
      lockSeconds: z.number().int().min(1).default(60),
      maxLockSeconds: z.number().int().min(1).default(3600),
      /** Keep the counters in Redis instead of the database (e.g. REDIS_URL). */
      redisUrl: z
        .string()
        .regex(/^rediss?:\/\//, { message: 'expected a redis:// or rediss:// URL' })
        .optional(),
      /** Prefix of the Redis keys, to share one Redis between apps. */
      redisKeyPrefix: z.string().default('rail:'),
    })
    .prefault({}),
});

export type RailAuthOptions = z.input<typeof authOptionsSchema>;
export type ResolvedAuthOptions = z.output<typeof authOptionsSchema> & { production: boolean };

export const RAIL_AUTH_OPTIONS = Symbol('RAIL_AUTH_OPTIONS');

/** Validates the options; in production refuses default or weak secrets and a missing MFA key. */
export function resolveAuthOptions(
  options: RailAuthOptions,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedAuthOptions {
  return checkAuthSecrets(parseOptions(authOptionsSchema, options, 'RailAuthModule options'), env);
}

/**
 * The keys and secrets, on options the schema already validated: development
 * defaults outside production only. Every problem is named at once (a
 * missing JWT secret and a missing MFA key are one message, not two starts).
 */
export function checkAuthSecrets(
  value: z.output<typeof authOptionsSchema>,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedAuthOptions {
  const production = value.production ?? env.NODE_ENV === 'production';
  const { jwt, mfa } = value;
  const problems: string[] = [];
  if (jwt.algorithm === 'HS256') {
    const secret = jwt.secret ?? (production ? undefined : DEVELOPMENT_JWT_SECRET);
    if (!secret) problems.push('RailAuthModule option "jwt.secret" is required in production (HS256)');
    else if (production && secret === DEVELOPMENT_JWT_SECRET) {
      problems.push(
        'RailAuthModule option "jwt.secret" is the development default; set your own secret in production',
      );
    } else if (Buffer.byteLength(secret) < 32) {
      problems.push(
        `RailAuthModule option "jwt.secret" must be at least 32 bytes, received ${Buffer.byteLength(secret)}`,
      );
    } else if (production) {
      const weakness = secretWeakness(secret);
      if (weakness) problems.push(`RailAuthModule option "jwt.secret" is too weak: ${weakness}`);
    }
    jwt.secret = secret;
  } else if (!jwt.signingKey) {
    problems.push(`RailAuthModule option "jwt.signingKey" is required for ${jwt.algorithm}`);
  } else if (!jwt.verificationKeys.some((candidate) => candidate.kid === jwt.signingKey!.kid)) {
    problems.push(
      `RailAuthModule option "jwt.verificationKeys" must include the public key of kid "${jwt.signingKey.kid}"`,
    );
  }
  if (!mfa.encryptionKey) {
    if (production) problems.push('RailAuthModule option "mfa.encryptionKey" is required in production');
    else mfa.encryptionKey = DEVELOPMENT_MFA_KEY;
  } else if (production && mfa.encryptionKey === DEVELOPMENT_MFA_KEY) {
    problems.push(
      'RailAuthModule option "mfa.encryptionKey" is the development default; set your own key in production',
    );
  } else if (production) {
    const weakness = secretWeakness(mfa.encryptionKey);
    if (weakness) problems.push(`RailAuthModule option "mfa.encryptionKey" is too weak: ${weakness}`);
  }
  if (problems.length === 1) throw new RailConfigurationError(problems[0]);
  if (problems.length > 1) {
    throw new RailConfigurationError(
      `RailAuthModule options:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
  }
  return { ...value, production };
}
