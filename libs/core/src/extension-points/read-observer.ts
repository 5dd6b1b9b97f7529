import type { RailPrincipal } from './rail-principal.js';

export interface ReadEvent {
  readonly principal: RailPrincipal | undefined;
  readonly model: string;
  readonly operation: 'list' | 'retrieve';
  /** The ids of the rows returned at the top level of the operation, in order. */
  readonly entityIds: readonly string[];
  /** The client's filter, as given (for a list). */
  readonly where?: Readonly<Record<string, unknown>> | null;
}

/**
 * Told after a generated query of a model returned rows (reads of related
 * rows inside it are not reported separately). For read auditing; throwing
 * fails the request.
 */
export interface ReadObserver {
  afterRead(event: ReadEvent): void | Promise<void>;
}
