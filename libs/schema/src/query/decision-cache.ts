import type { FieldReadAccess, RailPrincipal, ScopeCondition } from '@rail/core';

/**
 * The planning decisions of one principal shape (user, tenant, roles, how
 * they signed in): operations allowed, scope conditions and field read
 * access, as promises while they are asked and as values once settled.
 * Denials are not kept here: each denied request asks again, so that the
 * authorizers record every attempt.
 */
export class SharedDecisions {
  readonly allowed = new Map<string, Promise<void>>();
  readonly scopes = new Map<string, Promise<ScopeCondition[]>>();
  readonly reads = new Map<string, Promise<Map<string, FieldReadAccess>>>();
  readonly settledAllowed = new Set<string>();
  readonly settledScopes = new Map<string, readonly ScopeCondition[]>();
  readonly settledReads = new Map<string, Map<string, FieldReadAccess>>();

  constructor(readonly expiresAt: number) {}
}

/**
 * Decisions shared by the requests of one principal shape for a short time
 * (`planCacheTtlMs`), so that a repeated request asks the extension points
 * nothing. Role changes reach the principal (its roles are read with the
 * session on every request), so they make a new shape at once; the time limit
 * bounds what a decision could otherwise keep (a policy that reads the clock).
 */
export class DecisionCache {
  private readonly entries = new Map<string, SharedDecisions>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  /** The shared decisions of this principal, or `undefined` when sharing is off. */
  for(principal: RailPrincipal | undefined): SharedDecisions | undefined {
    if (this.ttlMs <= 0) return undefined;
    const key = principalShape(principal);
    const now = Date.now();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > now) return cached;
    if (cached) this.entries.delete(key);
    // Oldest first out: a Map iterates in insertion order.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const fresh = new SharedDecisions(now + this.ttlMs);
    this.entries.set(key, fresh);
    return fresh;
  }
}

/** Everything of the principal a decision may depend on. */
export function principalShape(principal: RailPrincipal | undefined): string {
  if (!principal) return 'anonymous';
  return JSON.stringify([
    principal.userId,
    principal.companyId,
    [...principal.roles].sort(),
    [...principal.authMethods].sort(),
  ]);
}
