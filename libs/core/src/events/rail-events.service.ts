import { Injectable } from '@nestjs/common';
import type { AuthEvent } from './auth-event.js';
import type { SecurityEvent } from './security-event.js';

/** Every event a library reports for others to keep (the audit trail) or count (metrics). */
export type RailEvent = AuthEvent | SecurityEvent;

export type RailEventListener = (event: RailEvent) => void | Promise<void>;

const AUTH_EVENT_PREFIX = 'auth.';

/** Narrows a {@link RailEvent} to the ones @rail/auth emits. */
export function isAuthEvent(event: RailEvent): event is AuthEvent {
  return event.type.startsWith(AUTH_EVENT_PREFIX);
}

/**
 * The one typed event bus of the suite: auth and rbac publish here, audit
 * and observability subscribe, and none of them knows the others. Listeners
 * are awaited in order and one that throws fails the emitter, because a
 * security event that could not be recorded must not pass silently (the
 * audit trail is a promise). A listener that must never fail (a counter)
 * catches its own errors. Operational signals that must cost nothing and
 * never fail go through `RailSignals` instead.
 */
@Injectable()
export class RailEvents {
  private readonly listeners: RailEventListener[] = [];

  subscribe(listener: RailEventListener): void {
    this.listeners.push(listener);
  }

  /** True when someone listens, so an emitter can skip work (a user lookup) that only listeners need. */
  get listened(): boolean {
    return this.listeners.length > 0;
  }

  async emit(event: RailEvent): Promise<void> {
    for (const listener of this.listeners) await listener(event);
  }
}
