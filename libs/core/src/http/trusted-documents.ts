import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { RailConfigurationError } from '../options/rail-configuration.error.js';

/** `{ "<sha256>": "<document>" }`, as GraphQL Codegen's client preset writes it. */
const hashToDocument = z.record(z.string().regex(/^[a-f0-9]{64}$/), z.string().min(1));

/** Apollo's persisted query manifest (`@apollo/generate-persisted-query-manifest`). */
const apolloManifest = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(z.object({ id: z.string().regex(/^[a-f0-9]{64}$/), body: z.string().min(1) })),
});

export function sha256(document: string): string {
  return createHash('sha256').update(document).digest('hex');
}

/**
 * The documents a production API agrees to run. Clients send a document's
 * hash (the persisted query extension) or its exact text; nothing else runs,
 * so an attacker cannot send a query the app's own clients never send.
 */
export class TrustedDocuments {
  private constructor(private readonly byHash: ReadonlyMap<string, string>) {}

  /** Reads and checks a manifest; a missing or malformed file stops start-up with the reason. */
  static fromFile(path: string): TrustedDocuments {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new RailConfigurationError(
        `graphql.persistedQueries.trustedDocumentsFile: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const apollo = apolloManifest.safeParse(raw);
    const entries = apollo.success
      ? apollo.data.operations.map((operation): [string, string] => [operation.id, operation.body])
      : Object.entries(TrustedDocuments.parseRecord(raw, path));
    for (const [hash, document] of entries) {
      if (sha256(document) !== hash) {
        throw new RailConfigurationError(
          `graphql.persistedQueries.trustedDocumentsFile: the document listed under ${hash} in ${path} does not hash to it`,
        );
      }
    }
    return new TrustedDocuments(new Map(entries));
  }

  private static parseRecord(raw: unknown, path: string): Record<string, string> {
    const parsed = hashToDocument.safeParse(raw);
    if (!parsed.success) {
      throw new RailConfigurationError(
        `graphql.persistedQueries.trustedDocumentsFile: ${path} is neither { "<sha256>": "<document>" } nor an Apollo persisted query manifest`,
      );
    }
    return parsed.data;
  }

  get size(): number {
    return this.byHash.size;
  }

  /** The document for a hash, or `undefined` when it is not trusted. */
  documentFor(hash: string): string | undefined {
    return this.byHash.get(hash);
  }

  /** True when this exact text is a trusted document. */
  trusts(document: string): boolean {
    return this.byHash.has(sha256(document));
  }
}
