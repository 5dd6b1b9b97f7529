import { type ClientRequest, type IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import { types } from 'node:util';

import { type SsrfGuard, WEBHOOK_ADDRESS_BLOCKED } from './ssrf-guard.js';

export interface WebhookHttpOptions {
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  maxResponseBytes: number;
}

export interface WebhookResponse {
  /** null when no HTTP answer came (timeout, refused, blocked address). */
  readonly status: number | null;
  readonly latencyMs: number;
  /** The start of the response body, at most maxResponseBytes (text, utf8). */
  readonly body: string;
  readonly error?: string; // e.g. 'timeout', 'connect timeout', 'address blocked', the error code
}

type Outcome = Omit<WebhookResponse, 'latencyMs'>;

/** Sends one webhook delivery; every failure comes back as a response, never as an exception. */
export class WebhookHttpClient {
  constructor(
    private readonly options: WebhookHttpOptions,
    private readonly guard: SsrfGuard,
  ) {}

  post(url: string, headers: Record<string, string>, body: string): Promise<WebhookResponse> {
    const started = performance.now();
    return new Promise((resolve) => {
      const finish = (outcome: Outcome): void => {
        resolve({ ...outcome, latencyMs: Math.round(performance.now() - started) });
      };
      try {
        this.send(url, headers, body, finish);
      } catch (error) {
        // e.g. a header value Node refuses to send
        finish({ status: null, body: '', error: errorCode(error) });
      }
    });
  }

  private send(
    url: string,
    headers: Record<string, string>,
    body: string,
    done: (outcome: Outcome) => void,
  ): void {
    const target = new URL(url);
    const request =
      target.protocol === 'https:' ? httpsRequest : target.protocol === 'http:' ? httpRequest : undefined;
    if (request === undefined) {
      done({ status: null, body: '', error: 'unsupported protocol' });
      return;
    }
    // Node connects to IP literals without calling `lookup`, so the guard must see them here.
    const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(host) !== 0 && !this.guard.isAllowedAddress(host, host)) {
      done({ status: null, body: '', error: 'address blocked' });
      return;
    }

    let finished = false;
    let status: number | null = null;
    const chunks: Buffer[] = [];
    let received = 0;
    const req: ClientRequest = request(target, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Rail-Webhooks/1',
        ...headers,
        'content-length': String(Buffer.byteLength(body)),
      },
      lookup: this.guard.lookup,
      // A socket of its own per delivery: the connect timeout applies every time, and no pooled
      // connection to a receiver outlives the delivery.
      agent: false,
    });

    const finish = (error?: string): void => {
      if (finished) return;
      finished = true;
      clearTimeout(totalTimer);
      clearTimeout(connectTimer);
      // A partial multi-byte character at the cut is dropped rather than shown as a replacement character.
      const text = new StringDecoder('utf8').write(
        Buffer.concat(chunks).subarray(0, this.options.maxResponseBytes),
      );
      done({ status, body: text, ...(error === undefined ? {} : { error }) });
      // Stops reading a body past the limit, and anything still connecting or waiting.
      req.destroy();
    };

    const totalTimer = setTimeout(() => {
      finish('timeout');
    }, this.options.totalTimeoutMs);
    let connectTimer: NodeJS.Timeout | undefined;
    req.on('socket', (socket) => {
      if (!socket.connecting) return;
      connectTimer = setTimeout(() => {
        finish('connect timeout');
      }, this.options.connectTimeoutMs);
      socket.once('connect', () => {
        clearTimeout(connectTimer);
      });
    });
    req.on('error', (error) => {
      finish(errorCode(error));
    });
    // Redirects are not followed: a 3xx is the receiver's final answer, and following one could lead
    // anywhere, including where the guard would not let the URL point.
    req.on('response', (res: IncomingMessage) => {
      status = res.statusCode ?? null;
      if (this.options.maxResponseBytes === 0) {
        finish();
        return;
      }
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        received += chunk.length;
        if (received >= this.options.maxResponseBytes) finish();
      });
      res.on('end', () => {
        finish();
      });
      res.on('error', (error) => {
        finish(errorCode(error));
      });
      // The connection closing before the body ended (the 'error' above may not fire for this).
      res.on('close', () => {
        finish(res.complete ? undefined : 'ECONNRESET');
      });
    });
    req.end(body);
  }
}

/** 5xx, 408, 429 and no answer (timeouts, connection errors) are retried; other statuses are final. */
export function isRetryable(response: WebhookResponse): boolean {
  const { status } = response;
  return status === null || status === 408 || status === 429 || status >= 500;
}

function errorCode(error: unknown): string {
  // isNativeError rather than instanceof: errors made by Node itself may come from another realm (Jest's vm).
  if (!types.isNativeError(error)) return String(error);
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  if (code === WEBHOOK_ADDRESS_BLOCKED) return 'address blocked';
  return code ?? error.message;
}
