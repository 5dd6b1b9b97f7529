/**
 * Whether the standard OpenTelemetry environment asks for traces: an
 * exporter named in `OTEL_TRACES_EXPORTER` (other than `none`), or an OTLP
 * endpoint set, and `OTEL_SDK_DISABLED` not `true`. Nothing set means no
 * tracing, so that a plain start loads no OpenTelemetry code at all.
 */
export function tracingRequested(env: NodeJS.ProcessEnv): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  if (exporters.length > 0) return !exporters.every((name) => name === 'none');
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim());
}
