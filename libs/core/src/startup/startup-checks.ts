import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { RailExtensionPoint } from '../extension-points/rail-extension.decorator.js';
import { RailExtensions } from '../extension-points/rail-extensions.service.js';
import { RailStartupError } from './rail-startup.error.js';
import type { StartupCheck, StartupProblem } from './startup-check.js';

/**
 * Runs every library's `StartupCheck` once, before the app serves: each
 * problem becomes one log line with the fields `event` (`startup.problem`),
 * `severity`, `source` and `msg`, warnings let the
 * start go on, and the errors stop it together, in one `RailStartupError`.
 */
@Injectable()
export class StartupChecks implements OnApplicationBootstrap {
  private readonly logger = new Logger('Startup');

  constructor(private readonly extensions: RailExtensions) {}

  async onApplicationBootstrap(): Promise<void> {
    const problems = await this.problems();
    for (const problem of problems) {
      // An object, so that a JSON logger (pino through nestjs-pino) writes these as fields of the line.
      const line = {
        event: 'startup.problem',
        severity: problem.severity ?? 'error',
        source: problem.source,
        msg: problem.message,
      };
      if (problem.severity === 'warning') this.logger.warn(line);
      else this.logger.error(line);
    }
    const errors = problems.filter((problem) => problem.severity !== 'warning');
    if (errors.length > 0) throw new RailStartupError(errors);
  }

  /** What every registered check finds; a check that throws is a problem too, not the end of the others. */
  async problems(): Promise<StartupProblem[]> {
    const checks: readonly StartupCheck[] = this.extensions.of(RailExtensionPoint.StartupCheck);
    const found = await Promise.all(
      checks.map(async (check): Promise<readonly StartupProblem[]> => {
        try {
          return await check.startupProblems();
        } catch (error) {
          return [{ source: check.constructor.name, message: (error as Error).message }];
        }
      }),
    );
    return found.flat();
  }
}
