import { Inject, Optional } from '@nestjs/common';
import { RailExtension, RailExtensionPoint } from '../extension-points/rail-extension.decorator.js';
import { ModelRegistry } from '../model/model-registry.js';
import { RAIL_OPTIONS } from '../options/rail-options.constants.js';
import type { ResolvedRailOptions } from '../options/rail-options.schema.js';
import type { StartupCheck, StartupProblem } from './startup-check.js';

/**
 * The core's own start-up problems: tenant and owner paths that name no field
 * (errors), and production on the embedded SQLite file (a warning: it works,
 * on one instance, but is not what production should run on).
 */
@RailExtension(RailExtensionPoint.StartupCheck)
export class CoreStartupCheck implements StartupCheck {
  constructor(
    @Inject(RAIL_OPTIONS) private readonly options: ResolvedRailOptions,
    @Optional() private readonly registry?: ModelRegistry,
  ) {}

  startupProblems(): StartupProblem[] {
    const problems: StartupProblem[] = (this.registry?.pathProblems ?? []).map((message) => ({
      source: 'RailModule',
      message,
    }));
    if (this.options.production && this.options.database.url === undefined) {
      problems.push({
        source: 'RailModule',
        severity: 'warning',
        message:
          `production runs on the embedded SQLite file "${this.options.database.sqlitePath}": one file on one ` +
          'instance, no concurrent writers. Set DATABASE_URL to a PostgreSQL database.',
      });
    }
    return problems;
  }
}
