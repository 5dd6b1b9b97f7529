import { register } from 'node:module';
import type { IncomingMessage } from 'node:http';
import type { Span } from '@opentelemetry/api';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import { REQUEST_ID_ATTRIBUTE, traceBridge } from './trace-bridge.js';

/** How long shutdown waits for pending spans: an unreachable collector must not hold the process. */
const FLUSH_LIMIT_MS = 3000;
// The header @rail/core echoes; not imported from there, which would load the app's modules before the hooks.
const REQUEST_ID_HEADER = 'x-request-id';
// Probes and scrapes arrive every few seconds; their traces would drown the ones worth reading.
const UNTRACED_PATH = /^\/(health\/|metrics(?:[/?]|$))/;

/**
 * Starts the OpenTelemetry SDK for traces, configured by the standard
 * `OTEL_*` variables (exporter, endpoint, protocol, sampler, batching), with
 * the HTTP, Express, GraphQL, PostgreSQL and ioredis instrumentations.
 *
 * The app is ES modules, and Node's `require` hooks never see an ES
 * `import`: Express, for one, is only patched through the
 * import-in-the-middle loader registered here, which wraps only the modules
 * the instrumentations ask for. Everything instrumented is imported after
 * the hook is in place, hence the dynamic imports.
 */
export async function startTracing(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);

  const [api, { NodeSDK }, http, express, graphql, pg, ioredis] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-express'),
    import('@opentelemetry/instrumentation-graphql'),
    import('@opentelemetry/instrumentation-pg'),
    import('@opentelemetry/instrumentation-ioredis'),
  ]);
  const bridge = traceBridge();
  // Spans made while a request runs carry its Rail id, set by the app once it is up.
  const tagRequest = (span: Span): void => {
    const requestId = bridge.requestId?.();
    if (requestId) span.setAttribute(REQUEST_ID_ATTRIBUTE, requestId);
  };
  const namesService =
    Boolean(env.OTEL_SERVICE_NAME) || /(^|,)\s*service\.name=/.test(env.OTEL_RESOURCE_ATTRIBUTES ?? '');

  const sdk = new NodeSDK({
    serviceName: namesService ? undefined : 'rail',
    // Traces only: metrics are served by /metrics (Prometheus), logs are pino's.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new http.HttpInstrumentation({
        ignoreIncomingRequestHook: (request: IncomingMessage) => UNTRACED_PATH.test(request.url ?? ''),
        // The server span starts before the app has resolved the request id; it is on the response by the end.
        applyCustomAttributesOnSpan: (span, _request, response) => {
          const requestId = 'getHeader' in response ? response.getHeader(REQUEST_ID_HEADER) : undefined;
          if (typeof requestId === 'string') span.setAttribute(REQUEST_ID_ATTRIBUTE, requestId);
        },
      }),
      new express.ExpressInstrumentation({ requestHook: tagRequest }),
      // Variable values are never recorded (they carry passwords and tokens): allowValues stays off.
      new graphql.GraphQLInstrumentation({
        ignoreTrivialResolveSpans: true,
        mergeItems: true,
        responseHook: tagRequest,
      }),
      // Statements outside a request (task sweeps every second) would each make a trace of one span.
      new pg.PgInstrumentation({ requireParentSpan: true, requestHook: tagRequest }),
      new ioredis.IORedisInstrumentation({
        requireParentSpan: true,
        // The command only: keys and values hold e-mail addresses, IPs and tokens.
        dbStatementSerializer: (command) => command,
        requestHook: tagRequest,
      }),
    ],
  });
  sdk.start();

  bridge.activeSpan = () => {
    const spanContext = api.trace.getSpanContext(api.context.active());
    return spanContext && api.isSpanContextValid(spanContext)
      ? { traceId: spanContext.traceId, spanId: spanContext.spanId }
      : undefined;
  };
  bridge.shutdown = async () => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      sdk.shutdown().catch(() => undefined),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, FLUSH_LIMIT_MS))),
    ]);
    clearTimeout(timer);
  };
  // The loader must know every module to wrap before the app imports the first of them.
  await waitForAllMessagesAcknowledged();
}
