import { randomUUID } from 'node:crypto';

/** Longest request id accepted from a client; longer ones are replaced, not truncated. */
export const MAX_REQUEST_ID_LENGTH = 128;

// Printable, header- and log-safe characters: UUIDs, W3C trace ids, ULIDs and
// the ids of common proxies all fit. Anything else could forge log lines.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@+=/-]+$/;

export type RequestIdResolution =
  | { requestId: string; rejected?: undefined }
  | { requestId: string; rejected: 'too long' | 'invalid characters' | 'several values' };

/**
 * Takes the client's request id when it is sane, otherwise generates one and
 * says why the client's value was refused.
 */
export function resolveRequestId(headerValue: string | string[] | undefined): RequestIdResolution {
  if (headerValue === undefined || headerValue === '') return { requestId: randomUUID() };
  if (Array.isArray(headerValue)) return { requestId: randomUUID(), rejected: 'several values' };
  if (headerValue.length > MAX_REQUEST_ID_LENGTH) return { requestId: randomUUID(), rejected: 'too long' };
  if (!SANE_REQUEST_ID.test(headerValue)) return { requestId: randomUUID(), rejected: 'invalid characters' };
  return { requestId: headerValue };
}
