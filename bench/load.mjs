// Drives one HTTP request with autocannon for a fixed time and reports its
// throughput and tail latency; plus a single probe request, whose headers and
// body the bench inspects (statement count, same data on both sides).
import autocannon from 'autocannon';

/**
 * A warm-up run (JIT, connection pools, database caches; discarded), then the
 * measured run. Both last a fixed number of seconds against a loopback URL.
 * `cpuSeconds()`, when given, reads the server's CPU time, which gives the
 * CPU milliseconds each request cost it during the measured run.
 * `setupRequest(request)`, when given, may change each request before it is
 * sent (a write's unique value); `isRefusal(body)` tells a 200 that refused
 * the work from one that did it.
 */
export async function measure({
  url,
  method = 'GET',
  headers,
  body,
  connections,
  duration,
  warmup,
  cpuSeconds,
  setupRequest,
  isRefusal,
}) {
  // Answers that are 200s but refusals (GraphQL errors, a write that did not happen) count as failures:
  // a refused request costs less than a served one and would flatter the numbers.
  let refused = 0;
  const onResponse = isRefusal
    ? (status, responseBody) => {
        if (status === 200 && isRefusal(responseBody)) refused += 1;
      }
    : undefined;
  const request = {
    url,
    connections,
    requests: [
      {
        method,
        headers,
        body,
        ...(setupRequest ? { setupRequest } : {}),
        ...(onResponse ? { onResponse } : {}),
      },
    ],
  };
  if (warmup > 0) await autocannon({ ...request, duration: warmup });
  refused = 0;
  const cpuBefore = cpuSeconds?.();
  const result = await autocannon({ ...request, duration });
  const cpuAfter = cpuSeconds?.();
  return {
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    p99Ms: result.latency.p99,
    cpuMsPerRequest:
      cpuBefore === undefined || cpuAfter === undefined || result.requests.total === 0
        ? undefined
        : ((cpuAfter - cpuBefore) * 1000) / result.requests.total,
    // Anything but 200s means the numbers measured failures, not work.
    failures: result.errors + result.timeouts + result.non2xx + refused,
  };
}

/** A GraphQL POST request, as `measure` and `probe` take it. */
export function graphqlRequest(url, query, variables, headers = {}) {
  return {
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(variables ? { query, variables } : { query }),
  };
}

/** One request, for its status, headers and parsed JSON body. */
export async function probe({ url, method = 'GET', headers, body }) {
  const response = await fetch(url, { method, headers, body });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/**
 * The GraphQL request of one bench operation to the app. A write's document
 * takes a new order reference (`${prefix}<n>`) for every request, this one
 * and each one `setupRequest` prepares; `sent()` says how many were made.
 */
export function operationRequest(url, operation, headers, prefix) {
  let made = 0;
  const variables = () => (operation.write ? { reference: `${prefix}${(made += 1)}` } : undefined);
  const request = graphqlRequest(url, operation.graphql, variables(), headers);
  const setupRequest = operation.write
    ? (sent) => ({ ...sent, body: JSON.stringify({ query: operation.graphql, variables: variables() }) })
    : undefined;
  return { request, setupRequest, sent: () => made };
}
