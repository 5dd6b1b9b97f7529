import {
  type FieldReadAccess,
  type ModelDefinition,
  type ModelOperation,
  RailError,
  RailErrorCode,
  type ScopeCondition,
} from '@rail/core';
import type { AccessContext } from './access-context.js';

/** A decision the compiler needed and the plan does not hold yet; planning asks it, then compiles again. */
export class Undecided extends Error {
  constructor(readonly ask: () => Promise<unknown>) {
    super('A planning decision is not settled yet');
    this.name = 'Undecided';
  }
}

/**
 * The request's settled decisions, read synchronously by the SQL compilers
 * and the hydration: whether an operation is allowed, the scope conditions,
 * how each field reaches the caller. A decision not settled yet throws
 * `Undecided`; `planned` asks it and runs the compiler again, so that the
 * compilers stay pure and synchronous and never disagree with the planning
 * about which decisions they need.
 */
export class AccessDecisions {
  private readonly denied = new Map<string, RailError>();

  constructor(private readonly access: AccessContext) {}

  assertAllowed(model: ModelDefinition, operation: ModelOperation): void {
    const key = `${model.name}:${operation}:`;
    const denial = this.denied.get(key);
    if (denial) throw denial;
    if (this.access.isAllowedSettled(key)) return;
    throw new Undecided(() =>
      this.access.assertAllowed(model, operation).catch((error: unknown) => {
        if (!(error instanceof RailError)) throw error;
        this.denied.set(key, error);
      }),
    );
  }

  scopeConditions(model: ModelDefinition, operation: ModelOperation): readonly ScopeCondition[] {
    const settled = this.access.settledScope(model, operation);
    if (settled) return settled;
    throw new Undecided(() => this.access.scopeConditions(model, operation));
  }

  readAccess(model: ModelDefinition): Map<string, FieldReadAccess> {
    const settled = this.access.settledReadAccess(model);
    if (settled) return settled;
    throw new Undecided(() => this.access.readAccess(model));
  }

  /** Filtering, ordering or searching on a field reveals its value: it needs the field in clear. */
  assertReadableInClear(
    model: ModelDefinition,
    field: string,
    usage: 'filter' | 'order' | 'aggregate',
  ): void {
    const access = this.readAccess(model).get(field);
    if (access && access.visibility !== 'visible') {
      throw new RailError(RailErrorCode.FORBIDDEN, `You may not ${usage} by ${model.name}.${field}`, {
        field: `${model.name}.${field}`,
      });
    }
  }
}

/** Runs a synchronous compiler, asking each decision it finds unsettled, until it completes. */
export async function planned<T>(compile: () => T): Promise<T> {
  for (;;) {
    try {
      return compile();
    } catch (error) {
      if (!(error instanceof Undecided)) throw error;
      await error.ask();
    }
  }
}
