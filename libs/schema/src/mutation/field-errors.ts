import { RailErrorCode } from '@rail/core';

/** One problem with one input value, as mutations report it (`field` is a dot path). */
export interface FieldProblem {
  readonly field: string | null;
  readonly code: RailErrorCode;
  readonly message: string;
}

/**
 * Thrown inside a mutation's transaction to roll everything back and answer
 * `ok: false` with these problems instead of an error.
 */
export class MutationRejected extends Error {
  constructor(readonly problems: readonly FieldProblem[]) {
    super(problems.map((problem) => `${problem.field ?? '-'}: ${problem.message}`).join('; '));
    this.name = 'MutationRejected';
  }
}

export function problem(field: string | null, code: RailErrorCode, message: string): FieldProblem {
  return { field, code, message };
}

export const invalid = (field: string, message: string): FieldProblem =>
  problem(field, RailErrorCode.BAD_USER_INPUT, message);
