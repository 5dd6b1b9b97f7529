import type { EntityManager } from 'typeorm';
import type { ModelOperation } from './model-operation.js';
import type { RailPrincipal } from './rail-principal.js';

export interface MutationEvent {
  readonly principal: RailPrincipal | undefined;
  readonly model: string;
  readonly operation: ModelOperation;
  readonly entityId: string | undefined;
  /** The row before the write (`undefined` for a create). */
  readonly before: Readonly<Record<string, unknown>> | undefined;
  /** The row after the write (`undefined` for a delete; absent in `beforeWrite`). */
  readonly after: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Sees every write inside its transaction. Throwing rolls the whole mutation
 * back, which is what audit and the webhook outbox rely on.
 */
export interface MutationObserver {
  beforeWrite?(event: MutationEvent, transaction: EntityManager): void | Promise<void>;
  afterWrite?(event: MutationEvent, transaction: EntityManager): void | Promise<void>;
  /**
   * Called once per transaction, after its last write and just before it
   * commits, with every `afterWrite` event of the transaction in order: the
   * place to write one statement for a whole bulk mutation. Throwing rolls
   * the transaction back.
   */
  beforeCommit?(events: readonly MutationEvent[], transaction: EntityManager): void | Promise<void>;
}
