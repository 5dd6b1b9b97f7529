export { RailObservabilityModule, type RailObservabilityAsyncOptions } from './rail-observability.module.js';
export {
  type RailObservabilityOptions,
  type ResolvedObservabilityOptions,
  RAIL_OBSERVABILITY_OPTIONS,
  LOG_LEVELS,
  resolveObservabilityOptions,
} from './rail-observability.options.js';
export { RAIL_LOG_DESTINATION } from './logs/log-destination.js';
export { REDACT_PATHS, REDACTED, scrubSecrets, maskUrl } from './logs/log-redaction.js';
export { RailMetrics } from './metrics/rail-metrics.service.js';
export { BoundedLabel, OTHER_LABEL } from './metrics/bounded-label.js';
export { type MetricsAccess, resolveMetricsAccess } from './metrics/metrics-access.js';
export { ANONYMOUS_OPERATION, UNPARSED_OPERATION } from './graphql/graphql-observation.plugin.js';
export { REQUEST_ID_ATTRIBUTE } from './tracing/trace-bridge.js';
export { tracingRequested } from './tracing/tracing-request.js';
/** The Nest logger that writes through pino: `app.useLogger(app.get(RailLogger))` in main.ts. */
export { Logger as RailLogger, PinoLogger } from 'nestjs-pino';
