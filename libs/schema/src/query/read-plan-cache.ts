import type { RailPrincipal } from '@rail/core';
import { principalShape } from './decision-cache.js';
import type { ReadSelection } from './read-selection.js';

interface Entry {
  readonly value: unknown;
  readonly expiresAt: number;
}

/**
 * Compiled reads (SQL text, parameter slots, how rows map back and which
 * fields reach the caller), kept per principal shape and request shape: a
 * repeated read builds no SQL and asks no decision. The key holds a filter's
 * shape (filter-tree.ts), not its values: the same filter with other values
 * reuses the compiled statement and only binds them. Entries live as long as
 * the shared decisions they were compiled from (`planCacheTtlMs`).
 */
export class ReadPlanCache {
  private readonly entries = new Map<string, Entry>();
  /** How often a compiled read was reused, and how often one was compiled. */
  readonly stats = { hits: 0, misses: 0 };

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  async get<T>(key: string, compile: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > now) {
      this.stats.hits += 1;
      return cached.value as T;
    }
    this.stats.misses += 1;
    const value = await compile();
    if (this.ttlMs > 0) {
      this.entries.delete(key);
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { value, expiresAt: now + this.ttlMs });
    }
    return value;
  }
}

/** The key of one read: who asks, what, with which arguments. */
export function readPlanKey(
  principal: RailPrincipal | undefined,
  kind: string,
  selection: ReadSelection | string,
  args: unknown,
): string {
  const shape = typeof selection === 'string' ? JSON.stringify(selection) : shapeOf(selection);
  return `${shapeOfPrincipal(principal)}|${kind}|${shape}|${JSON.stringify(args ?? null)}`;
}

// A request's principal and a document's selections are the same objects for every read they make
// (selections across requests of one document, request-selection.ts): their parts of the key are made once.
const selectionShapes = new WeakMap<ReadSelection, string>();
const principalShapes = new WeakMap<RailPrincipal, string>();

function shapeOf(selection: ReadSelection): string {
  let shape = selectionShapes.get(selection);
  if (shape === undefined) {
    shape = JSON.stringify(selectionShape(selection));
    selectionShapes.set(selection, shape);
  }
  return shape;
}

function shapeOfPrincipal(principal: RailPrincipal | undefined): string {
  if (!principal) return principalShape(principal);
  let shape = principalShapes.get(principal);
  if (shape === undefined) {
    shape = principalShape(principal);
    principalShapes.set(principal, shape);
  }
  return shape;
}

/**
 * A selection as plain data: model, columns, joined relations. To-many
 * relations are read by statements of their own (keyed by their arguments),
 * so only their names are part of the parent's shape.
 */
function selectionShape(selection: ReadSelection): unknown {
  return [
    selection.model.name,
    selection.scalars,
    selection.toOne.map((child) => [child.alias, child.relation.property, selectionShape(child.selection)]),
    selection.toMany.map((child) => [child.alias, child.relation.property]),
  ];
}
