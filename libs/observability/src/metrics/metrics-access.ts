import { createHash, timingSafeEqual } from 'node:crypto';
import type { ResolvedObservabilityOptions } from '../rail-observability.options.js';

/** Who may read `/metrics`, decided once at start-up. */
export type MetricsAccess =
  | { readonly kind: 'token'; readonly digest: Buffer }
  | { readonly kind: 'open' }
  | { readonly kind: 'off'; readonly reason: 'disabled' | 'no token in production' };

export const METRICS_ACCESS = Symbol('RAIL_METRICS_ACCESS');

const digestOf = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * A token, when configured, is always required. Without one, `/metrics` is
 * open only where anonymous reads are allowed (by default outside
 * production); in production it is not served at all, because operation
 * names, routes and traffic volumes are not for everyone.
 */
export function resolveMetricsAccess(
  metrics: ResolvedObservabilityOptions['metrics'],
  production: boolean,
): MetricsAccess {
  if (!metrics.enabled) return { kind: 'off', reason: 'disabled' };
  if (metrics.token) return { kind: 'token', digest: digestOf(metrics.token) };
  if (metrics.allowAnonymous ?? !production) return { kind: 'open' };
  return { kind: 'off', reason: 'no token in production' };
}

/** Whether an `Authorization` header carries the token; compared in constant time (as digests, so lengths never leak). */
export function carriesToken(access: MetricsAccess, authorization: string | undefined): boolean {
  if (access.kind === 'open') return true;
  if (access.kind === 'off') return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match !== null && timingSafeEqual(digestOf(match[1]), access.digest);
}
