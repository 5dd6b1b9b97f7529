/**
 * The tracing entry: `node --import @rail/observability/register dist/main.js`.
 * It runs before the app, as instrumentation must patch modules before they
 * are first imported. When the `OTEL_*` environment does not ask for traces
 * it loads nothing more, so the same command serves every deployment.
 */
import { tracingRequested } from './tracing/tracing-request.js';

if (tracingRequested(process.env)) {
  const { startTracing } = await import('./tracing/start-tracing.js');
  await startTracing();
}
