import type { RailPrincipal } from '@rail/core';

/** What the GraphQL plugin learnt about the request's operation. */
export interface GraphqlObservation {
  /** The operation's name from the document (`(anonymous)` when it has none); absent when it did not parse. */
  readonly operation: string | undefined;
  readonly type: 'query' | 'mutation' | 'subscription' | undefined;
  readonly outcome: 'success' | 'error';
  /** The distinct `extensions.code`s of the response's errors. */
  readonly errorCodes: readonly string[];
}

/**
 * One HTTP request as the logs and metrics see it, gathered while it runs
 * and read when it ends (when the request context may no longer be active).
 */
export interface RequestObservation {
  /** `performance.now()` when the request entered the app. */
  readonly startedAt: number;
  /** The request context's store, read at the end: authentication fills in the principal meanwhile. */
  readonly store: { readonly principal?: RailPrincipal; readonly ip?: string } | undefined;
  /** The trace the request belongs to, when tracing is on. */
  readonly traceId: string | undefined;
  /** The route template, for routes Express does not know (GraphQL is mounted as middleware). */
  route?: string;
  graphql?: GraphqlObservation;
}

// Keyed by the request object: shared by every app in the process, each request found only by its own.
const observations = new WeakMap<object, RequestObservation>();

export function startObservation(
  request: object,
  store: RequestObservation['store'],
  traceId: string | undefined,
): RequestObservation {
  const observation: RequestObservation = { startedAt: performance.now(), store, traceId };
  observations.set(request, observation);
  return observation;
}

export function observationOf(request: object | undefined): RequestObservation | undefined {
  return request ? observations.get(request) : undefined;
}

interface RoutedRequest {
  readonly baseUrl?: string;
  readonly route?: { readonly path?: unknown };
}

/**
 * The route template (`/api/v1/tasks/:id`), never the path itself (ids,
 * tokens); `unmatched` when no route took the request. A wildcard template is
 * a middleware's mount (`{/*splat}`): the request was answered by middleware
 * (a 404, a refused body) or went no further.
 */
export function routeOf(request: object, observation: RequestObservation | undefined): string {
  if (observation?.route) return observation.route;
  // Express sets these on the request it routed.
  const routed = request as RoutedRequest;
  const path = routed.route?.path;
  return typeof path === 'string' && !path.includes('*') ? `${routed.baseUrl ?? ''}${path}` : 'unmatched';
}
