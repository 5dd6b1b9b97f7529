import { type ExecutionContext, Inject, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  normalizeIp,
  type Resolvable,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import {
  RailError,
  RailErrorCode,
  RailSignals,
  RequestContext,
  RailExtension,
  RailExtensionPoint,
  type RequestGuard,
} from '@rail/core';
import type { Response } from 'express';
import { RAIL_RATE_LIMIT_OPTIONS, type ResolvedRateLimitOptions } from './rail-rate-limit.options.js';
import { RateLimitClassifier } from './rate-limit-classifier.js';
import { RateLimitRefusals } from './rate-limit-refusals.js';

// @nestjs/throttler's metadata keys (throttler.constants.js, not exported):
// `@Throttle` and `@SkipThrottle` store one per throttler name.
const THROTTLER_LIMIT = 'THROTTLER:LIMIT';
const THROTTLER_TTL = 'THROTTLER:TTL';
const THROTTLER_BLOCK_DURATION = 'THROTTLER:BLOCK_DURATION';
const THROTTLER_SKIP = 'THROTTLER:SKIP';
// The name `@Throttle({ default: … })` and a bare `@SkipThrottle()` use. Rail has no throttler of
// that name, so it stands for "whichever bucket this resolver or route counts in".
const ANY_BUCKET = 'default';

type HeaderTarget = Partial<Pick<Response, 'getHeader' | 'setHeader' | 'headersSent'>>;

interface Limits {
  limit: number;
  ttl: number;
  blockDuration: number;
}

const targetsOf = (context: ExecutionContext) => [context.getHandler(), context.getClass()];

/**
 * `@nestjs/throttler`'s guard for Rail (the core pipeline's rate-limit stage): every GraphQL
 * root field is one hit, so aliases cannot multiply a request's worth; each
 * hit counts in one bucket (`query`, `mutation` or `auth`), per user when
 * signed in, else per client address. Over the limit it throws `RATE_LIMITED`
 * with `retryAfter`, and answers `RateLimit-*` headers either way.
 * The pipeline runs it after authentication, whatever the order of the
 * app's imports, so signed-in callers count by user.
 */
@RailExtension(RailExtensionPoint.RequestGuard)
export class RailRateLimitGuard extends ThrottlerGuard implements RequestGuard {
  readonly stage = 'rate-limit';
  private readonly log = new Logger('RateLimit');
  private lastStorageWarning = 0;

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(RAIL_RATE_LIMIT_OPTIONS) private readonly settings: ResolvedRateLimitOptions,
    private readonly classifier: RateLimitClassifier,
    private readonly requestContext: RequestContext,
    private readonly signals: RailSignals,
    private readonly refusals: RateLimitRefusals,
  ) {
    super(options, storage, reflector);
  }

  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (!this.settings.enabled || this.classifier.bucketOf(context) === undefined)
      return Promise.resolve(true);
    const skip = this.reflector.getAllAndOverride<boolean | undefined>(
      THROTTLER_SKIP + ANY_BUCKET,
      targetsOf(context),
    );
    return Promise.resolve(skip === true);
  }

  /** Called once per bucket by the base guard; only the bucket this call counts in takes the hit. */
  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    const { context, throttler, getTracker, generateKey } = request;
    const bucket = throttler.name ?? '';
    if (this.classifier.bucketOf(context) !== bucket) return true;
    const { limit, ttl, blockDuration } = await this.limitsFor(request, bucket);
    const { req, res } = this.getRequestResponse(context);
    const key = generateKey(context, await getTracker(req, context), bucket);
    let hit: Awaited<ReturnType<ThrottlerStorage['increment']>>;
    try {
      hit = await this.storageService.increment(key, ttl, limit, blockDuration, bucket);
    } catch (error) {
      // Failing open: a Redis outage must not take the whole API down with it.
      this.warnStorageFailure(error);
      return true;
    }
    const headers = res as HeaderTarget;
    if (!hit.isBlocked) {
      writeLimitHeaders(headers, limit, Math.max(0, limit - hit.totalHits), hit.timeToExpire);
      return true;
    }
    const retryAfter = Math.max(1, hit.timeToBlockExpire);
    writeLimitHeaders(headers, limit, 0, retryAfter);
    writeRetryAfter(headers, retryAfter);
    this.refusals.add(req);
    this.signals.emit({ kind: 'request.blocked', rule: `rate_limit:${bucket}` });
    throw new RailError(RailErrorCode.RATE_LIMITED, `Too many requests; try again in ${retryAfter} s`, {
      retryAfter,
    });
  }

  /** The signed-in user, else the client's address (IPv6 by its /64, as one host usually has all of it). */
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const principal = this.requestContext.principal;
    if (principal) return Promise.resolve(`user:${principal.userId}`);
    const ip = req.ip;
    return Promise.resolve(
      typeof ip === 'string' && ip !== '' ? `ip:${normalizeIp(ip, this.ipv6SubnetPrefix)}` : 'ip:unknown',
    );
  }

  /** The bucket's counter, shared by every resolver and route in it, unless one has limits of its own. */
  protected override generateKey(context: ExecutionContext, tracker: string, bucket: string): string {
    const own = this.hasOwnLimits(context, bucket)
      ? `${context.getClass().name}.${context.getHandler().name}:`
      : '';
    return `${bucket}:${own}${tracker}`;
  }

  protected override getRequestResponse(
    context: ExecutionContext,
  ): ReturnType<ThrottlerGuard['getRequestResponse']> {
    if (context.getType<GqlContextType>() !== 'graphql') return super.getRequestResponse(context);
    // The context Rail's GraphQL module builds for every request: Express's request and response.
    const { req, res } = GqlExecutionContext.create(context).getContext<{
      req: Record<string, unknown>;
      res: Record<string, unknown>;
    }>();
    return { req, res };
  }

  private hasOwnLimits(context: ExecutionContext, bucket: string): boolean {
    return [bucket, ANY_BUCKET].some(
      (name) =>
        this.reflector.getAllAndOverride<unknown>(THROTTLER_LIMIT + name, targetsOf(context)) !== undefined,
    );
  }

  /**
   * The base guard has applied the configured limits or a `@Throttle` naming
   * this bucket; a `@Throttle({ default: … })` applies to whichever bucket
   * the resolver counts in.
   */
  private async limitsFor(request: ThrottlerRequest, bucket: string): Promise<Limits> {
    const { context, limit, ttl, blockDuration } = request;
    const targets = targetsOf(context);
    const named = this.reflector.getAllAndOverride<unknown>(THROTTLER_LIMIT + bucket, targets);
    const anyLimit = this.reflector.getAllAndOverride<Resolvable<number> | undefined>(
      THROTTLER_LIMIT + ANY_BUCKET,
      targets,
    );
    if (named !== undefined || anyLimit === undefined) return { limit, ttl, blockDuration };
    const resolve = async (value: Resolvable<number> | undefined): Promise<number | undefined> =>
      typeof value === 'function' ? await value(context) : value;
    const anyTtl =
      (await resolve(
        this.reflector.getAllAndOverride<Resolvable<number> | undefined>(THROTTLER_TTL + ANY_BUCKET, targets),
      )) ?? ttl;
    const anyBlock = await resolve(
      this.reflector.getAllAndOverride<Resolvable<number> | undefined>(
        THROTTLER_BLOCK_DURATION + ANY_BUCKET,
        targets,
      ),
    );
    return { limit: (await resolve(anyLimit)) ?? limit, ttl: anyTtl, blockDuration: anyBlock ?? anyTtl };
  }

  private warnStorageFailure(error: unknown): void {
    if (Date.now() - this.lastStorageWarning < 60_000) return;
    this.lastStorageWarning = Date.now();
    this.log.warn(
      `Rate limit counters unavailable, requests pass unlimited: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * `RateLimit-Limit`, `-Remaining` and `-Reset` (seconds), the IETF draft's
 * names. A GraphQL request with several root fields passes the guard several
 * times: the headers keep the tightest of them.
 */
function writeLimitHeaders(res: HeaderTarget, limit: number, remaining: number, reset: number): void {
  if (typeof res.setHeader !== 'function' || res.headersSent) return;
  const current = Number(res.getHeader?.('RateLimit-Remaining'));
  if (current < remaining) return;
  res.setHeader('RateLimit-Limit', String(limit));
  res.setHeader('RateLimit-Remaining', String(remaining));
  res.setHeader('RateLimit-Reset', String(reset));
}

function writeRetryAfter(res: HeaderTarget, seconds: number): void {
  if (typeof res.setHeader !== 'function' || res.headersSent) return;
  const current = Number(res.getHeader?.('Retry-After'));
  if (current >= seconds) return;
  res.setHeader('Retry-After', String(seconds));
}
