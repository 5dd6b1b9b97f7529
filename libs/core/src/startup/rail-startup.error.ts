import { RailConfigurationError } from '../options/rail-configuration.error.js';
import type { StartupProblem } from './startup-check.js';

/**
 * Start-up found mistakes in what the app declares: every one of them, in
 * one message, one line each, so they are fixed in one round.
 */
export class RailStartupError extends RailConfigurationError {
  constructor(readonly problems: readonly StartupProblem[]) {
    super(
      `${problems.length === 1 ? '1 problem stops' : `${problems.length} problems stop`} the app from starting:\n` +
        problems.map((problem) => `  - ${problem.source}: ${problem.message}`).join('\n'),
    );
    this.name = 'RailStartupError';
  }
}
