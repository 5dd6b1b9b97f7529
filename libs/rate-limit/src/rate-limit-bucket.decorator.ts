import { SetMetadata } from '@nestjs/common';

/** The buckets a request is counted in; each is a named throttler (`@Throttle({ auth: … })`). */
export const RATE_LIMIT_BUCKETS = ['query', 'mutation', 'auth'] as const;
export type RateLimitBucketName = (typeof RATE_LIMIT_BUCKETS)[number];

export const RATE_LIMIT_BUCKET = 'rail:rate-limit:bucket';

/**
 * Counts a resolver or route in another bucket than its operation's, e.g. a
 * hand-written sign-in or password-reset mutation in the strict `auth` bucket.
 *
 * @example
 * @Public() @RateLimitBucket('auth') @Mutation(() => Boolean) requestPasswordReset(...) { ... }
 */
export const RateLimitBucket = (bucket: RateLimitBucketName): MethodDecorator & ClassDecorator =>
  SetMetadata(RATE_LIMIT_BUCKET, bucket);
