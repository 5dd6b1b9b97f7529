/**
 * An optional provider token: a pino destination stream provided under it
 * (by a global module, e.g. in a test) receives the JSON lines instead of
 * standard output, whatever the options say.
 *
 * @example
 * @Global() @Module({ providers: [{ provide: RAIL_LOG_DESTINATION, useValue: stream }], exports: [RAIL_LOG_DESTINATION] })
 * class CaptureLogs {}
 */
export const RAIL_LOG_DESTINATION = Symbol('RAIL_LOG_DESTINATION');
