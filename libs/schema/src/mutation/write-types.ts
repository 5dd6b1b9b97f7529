import type { ModelDefinition, RelationDefinition } from '@rail/core';

export type Values = Record<string, unknown>;
export type Input = Readonly<Record<string, unknown>>;

/** What a to-many relation input asks for. */
export interface RelationOps {
  create?: Input[] | null;
  connect?: string[] | null;
  disconnect?: string[] | null;
  set?: string[] | null;
  delete?: string[] | null;
}

/** A to-many relation of one input: its operations, and its created children, prepared. */
export interface PreparedToMany {
  readonly relation: RelationDefinition;
  readonly ops: RelationOps;
  readonly path: string;
  readonly created: readonly PreparedWrite[];
}

/**
 * A create or update input as decided once, before anything is written: the
 * values it writes (field rules applied, links and scope presets resolved) and
 * its nested to-many writes with their children prepared the same way.
 */
export interface PreparedWrite {
  readonly model: ModelDefinition;
  readonly path: string;
  readonly values: Values;
  readonly toMany: readonly PreparedToMany[];
}

/** A row as written, as observers and scope checks see it. */
export interface WrittenRow {
  readonly id: string;
  readonly after: Values | undefined;
}
