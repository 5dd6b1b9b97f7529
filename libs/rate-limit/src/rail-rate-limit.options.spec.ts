import { RailConfigurationError } from '@rail/core';
import { parseRateLimitSpec, resolveRateLimitOptions } from './rail-rate-limit.options.js';

describe('RailRateLimitModule options', () => {
  it('defaults to production limits in memory', () => {
    const options = resolveRateLimitOptions();
    expect(options).toMatchObject({
      enabled: true,
      redisKeyPrefix: 'rail:rate-limit:',
      redisCommandTimeoutMs: 1000,
      skipPaths: ['/health', '/metrics'],
      buckets: {
        query: { limit: 600, ttlMs: 60_000 },
        mutation: { limit: 120, ttlMs: 60_000 },
        auth: { limit: 20, ttlMs: 60_000 },
      },
    });
    expect(options.redisUrl).toBeUndefined();
    expect(options.authFields).toEqual(expect.arrayContaining(['login', 'verifyMfaLogin']));
    expect(options.authFields).not.toContain('refreshToken');
  });

  it('takes a bucket as "<limit>/<window>" (what environment variables hold) or in parts', () => {
    expect(parseRateLimitSpec('600/1m')).toEqual({ limit: 600, ttlMs: 60_000 });
    expect(parseRateLimitSpec(' 20 / 30s ')).toEqual({ limit: 20, ttlMs: 30_000 });
    expect(parseRateLimitSpec('5/500ms')).toEqual({ limit: 5, ttlMs: 500 });
    expect(parseRateLimitSpec('1/1.5h')).toEqual({ limit: 1, ttlMs: 5_400_000 });
    expect(parseRateLimitSpec('600')).toBeUndefined();
    const { buckets } = resolveRateLimitOptions({
      query: '1000/1m',
      mutation: { limit: 10 },
      auth: { ttlMs: 300_000, blockMs: 900_000 },
    });
    expect(buckets).toEqual({
      query: { limit: 1000, ttlMs: 60_000 },
      mutation: { limit: 10, ttlMs: 60_000 },
      auth: { limit: 20, ttlMs: 300_000, blockMs: 900_000 },
    });
  });

  it('refuses a bad bucket, URL or key, naming it', () => {
    expect(() => resolveRateLimitOptions({ query: '600 per minute' })).toThrow(RailConfigurationError);
    expect(() => resolveRateLimitOptions({ query: '600 per minute' })).toThrow(
      /"query": expected "<limit>\/<window>"/,
    );
    expect(() => resolveRateLimitOptions({ auth: { limit: 0 } })).toThrow(/"auth.limit"/);
    expect(() => resolveRateLimitOptions({ mutation: { limit: Number('x') } })).toThrow(/"mutation.limit"/);
    expect(() => resolveRateLimitOptions({ query: { ttlMs: 10 } })).toThrow(/"query.ttlMs"/);
    expect(() => resolveRateLimitOptions({ redisUrl: 'localhost:6379' })).toThrow(/"redisUrl"/);
    expect(() => resolveRateLimitOptions({ skipPaths: ['health'] })).toThrow(/"skipPaths.0"/);
    expect(() => resolveRateLimitOptions({ limit: 5 } as never)).toThrow(/limit/);
  });

  it('normalizes skipped paths', () => {
    expect(resolveRateLimitOptions({ skipPaths: ['/health/', '/status'] }).skipPaths).toEqual([
      '/health',
      '/status',
    ]);
  });
});
