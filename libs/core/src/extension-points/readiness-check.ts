/**
 * One component the instance needs to serve traffic (a queue, a cache). The
 * health library runs every registered check for `GET /health/ready`, each
 * under a short timeout; a check that throws or times out makes the instance
 * not ready, or only degraded when the component says the instance still
 * serves without it (`whenDown`). The error's message is logged, never sent
 * to the caller.
 */
export interface ReadinessCheck {
  /** The component's name in the readiness answer, e.g. `queue`. */
  readonly name: string;
  /**
   * What the component being down means for the instance: `unready` (the default) takes it out of
   * the load balancer; `degraded` keeps it in (readiness 200, status `degraded`), for a component
   * whose features fail on their own while the rest of the API serves. Every instance shares such a
   * component, so making each unready would take the whole API down with it.
   */
  readonly whenDown?: 'unready' | 'degraded';
  check(): Promise<void>;
}
