/**
 * One component the instance needs to serve traffic (a queue, a cache). The
 * health library runs every registered check for `GET /health/ready`, each
 * under a short timeout; a check that throws or times out makes the instance
 * not ready. The error's message is logged, never sent to the caller.
 */
export interface ReadinessCheck {
  /** The component's name in the readiness answer, e.g. `queue`. */
  readonly name: string;
  check(): Promise<void>;
}
