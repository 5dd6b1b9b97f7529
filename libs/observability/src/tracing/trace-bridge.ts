/**
 * What the tracing entry (loaded with `--import`, before the app) and the Nest
 * module tell each other. It lives on `globalThis` because the two are loaded
 * separately and neither may import the other: the app must not load
 * OpenTelemetry when tracing is off, and tracing starts before the app exists.
 */
export interface TraceBridge {
  /** Set by the Nest module: the current request's Rail id, put on spans. */
  requestId?: () => string | undefined;
  /** Set by tracing: the active span, put on log lines. */
  activeSpan?: () => { readonly traceId: string; readonly spanId: string } | undefined;
  /** Set by tracing: exports the pending spans and stops (within a time limit), when the app shuts down. */
  shutdown?: () => Promise<void>;
}

const BRIDGE = Symbol.for('rail.observability.trace-bridge');

export function traceBridge(): TraceBridge {
  const holder = globalThis as typeof globalThis & { [BRIDGE]?: TraceBridge };
  holder[BRIDGE] ??= {};
  return holder[BRIDGE];
}

/** The span attribute that carries Rail's request id (`X-Request-ID`). */
export const REQUEST_ID_ATTRIBUTE = 'rail.request_id';
