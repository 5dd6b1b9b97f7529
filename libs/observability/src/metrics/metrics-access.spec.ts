import { resolveObservabilityOptions } from '../rail-observability.options.js';
import { carriesToken, resolveMetricsAccess } from './metrics-access.js';

const TOKEN = 'a-scrape-token-of-32-characters!';
const metricsOptions = (metrics: Parameters<typeof resolveObservabilityOptions>[0]['metrics']) =>
  resolveObservabilityOptions({ metrics }).metrics;

describe('resolveMetricsAccess', () => {
  it('requires the token when one is configured, in any mode', () => {
    for (const production of [true, false]) {
      const access = resolveMetricsAccess(metricsOptions({ token: TOKEN, allowAnonymous: true }), production);
      expect(access.kind).toBe('token');
      expect(carriesToken(access, `Bearer ${TOKEN}`)).toBe(true);
      expect(carriesToken(access, `bearer ${TOKEN}`)).toBe(true);
      expect(carriesToken(access, undefined)).toBe(false);
      expect(carriesToken(access, `Bearer ${TOKEN}x`)).toBe(false);
      expect(carriesToken(access, `Bearer ${TOKEN.slice(0, -1)}`)).toBe(false);
      expect(carriesToken(access, TOKEN)).toBe(false);
      expect(carriesToken(access, `Basic ${TOKEN}`)).toBe(false);
    }
  });

  it('is not served in production without a token, and open outside production', () => {
    expect(resolveMetricsAccess(metricsOptions({}), true)).toEqual({
      kind: 'off',
      reason: 'no token in production',
    });
    expect(resolveMetricsAccess(metricsOptions({}), false)).toEqual({ kind: 'open' });
    expect(resolveMetricsAccess(metricsOptions({ allowAnonymous: true }), true)).toEqual({ kind: 'open' });
    expect(resolveMetricsAccess(metricsOptions({ allowAnonymous: false }), false).kind).toBe('off');
  });

  it('serves nothing when metrics are disabled, token or not', () => {
    expect(resolveMetricsAccess(metricsOptions({ enabled: false, token: TOKEN }), false)).toEqual({
      kind: 'off',
      reason: 'disabled',
    });
  });

  it('refuses a short token at start-up without printing it', () => {
    expect(() => resolveObservabilityOptions({ metrics: { token: 'short-secret' } })).toThrow(
      /"metrics.token": expected at least 16 characters/,
    );
    expect(() => resolveObservabilityOptions({ metrics: { token: 'short-secret' } })).not.toThrow(
      /short-secret/,
    );
  });
});
