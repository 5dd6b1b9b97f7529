import type { NextFunction, Request, Response } from 'express';
import { RailErrorCode } from '../errors/rail-error-code.enum.js';
import type { ResolvedRailOptions } from '../options/rail-options.schema.js';
import type { RailSignals } from '../signals/rail-signals.service.js';
import type { TrustedDocuments } from './trusted-documents.js';

interface OperationBody {
  query?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } } & Record<string, unknown>;
}

type Refusal = { readonly code: RailErrorCode; readonly message: string; readonly rule: string };

function refuse(res: Response, refusal: Refusal): void {
  res
    .status(400)
    .type('application/json')
    .send(JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] }));
}

/**
 * Checks what reaches Apollo at the GraphQL path before Apollo sees it:
 * JSON-array batches (refused unless enabled, then capped) and, when a
 * trusted-documents manifest is configured, that every operation is one of
 * its documents (sent by hash or as its exact text; a hash is replaced by
 * the document, so Apollo runs the manifest's text, never the client's).
 */
export function graphqlRequestGate(
  options: ResolvedRailOptions,
  trusted: TrustedDocuments | undefined,
  signals: RailSignals,
): (req: Request, res: Response, next: NextFunction) => void {
  const { batching } = options.graphql;

  const checkBatch = (body: unknown): Refusal | undefined => {
    if (!Array.isArray(body)) return undefined;
    if (!batching.enabled)
      return {
        code: RailErrorCode.BATCHING_NOT_ALLOWED,
        message:
          'Batched requests (a JSON array of operations) are not accepted; send one operation per request.',
        rule: 'batching',
      };
    if (body.length > batching.maxSize)
      return {
        code: RailErrorCode.BATCHING_NOT_ALLOWED,
        message: `A batch may hold at most ${batching.maxSize} operations; this one has ${body.length}.`,
        rule: 'batching',
      };
    return undefined;
  };

  /** Resolves one operation against the manifest, in place; a refusal when it is not trusted. */
  const checkTrusted = (operation: OperationBody): Refusal | undefined => {
    if (!trusted) return undefined;
    const hash = operation.extensions?.persistedQuery?.sha256Hash;
    const query =
      typeof operation.query === 'string' && operation.query.length > 0 ? operation.query : undefined;
    const document =
      query !== undefined
        ? trusted.trusts(query)
          ? query
          : undefined
        : typeof hash === 'string'
          ? trusted.documentFor(hash)
          : undefined;
    if (document === undefined)
      return {
        code: RailErrorCode.PERSISTED_QUERY_NOT_ALLOWED,
        message: 'This API only runs its trusted documents; this operation is not one of them.',
        rule: 'trusted_documents',
      };
    operation.query = document;
    if (operation.extensions) delete operation.extensions.persistedQuery;
    return undefined;
  };

  const operationsOf = (req: Request): OperationBody[] | undefined => {
    if (req.method === 'GET') {
      const raw = req.query as Record<string, unknown>;
      let extensions: OperationBody['extensions'];
      if (typeof raw.extensions === 'string') {
        try {
          extensions = JSON.parse(raw.extensions) as OperationBody['extensions'];
        } catch {
          return undefined; // Apollo answers malformed parameters itself.
        }
      }
      return [{ query: raw.query, extensions }];
    }
    const body: unknown = req.body;
    if (Array.isArray(body))
      return body.filter((item): item is OperationBody => typeof item === 'object' && item !== null);
    return typeof body === 'object' && body !== null ? [body] : undefined;
  };

  return (req, res, next) => {
    const batchRefusal = req.method === 'POST' ? checkBatch(req.body) : undefined;
    if (batchRefusal) {
      signals.emit({ kind: 'request.blocked', rule: batchRefusal.rule });
      return refuse(res, batchRefusal);
    }
    if (trusted && (req.method === 'GET' || req.method === 'POST')) {
      const operations = operationsOf(req) ?? [];
      for (const operation of operations) {
        const refusal = checkTrusted(operation);
        if (refusal) {
          signals.emit({ kind: 'request.blocked', rule: refusal.rule });
          return refuse(res, refusal);
        }
      }
      if (req.method === 'GET' && operations[0]) {
        const resolved = operations[0];
        // Express 5's `req.query` is a getter; the resolved operation replaces it on this request.
        Object.defineProperty(req, 'query', {
          value: {
            ...(req.query as Record<string, unknown>),
            query: resolved.query,
            ...(resolved.extensions ? { extensions: JSON.stringify(resolved.extensions) } : {}),
          },
        });
      }
    }
    next();
  };
}
