import { Inject } from '@nestjs/common';
import { RailExtension, RailExtensionPoint, type PermissionSource } from '@rail/core';
import { RAIL_REPORTING_OPTIONS, type ResolvedReportingOptions } from './rail-reporting.options.js';

/** The permission each configured dataset asks for (`report.run`): a role may be granted it. */
@RailExtension(RailExtensionPoint.PermissionSource)
export class ReportDatasetPermissions implements PermissionSource {
  constructor(@Inject(RAIL_REPORTING_OPTIONS) private readonly options: ResolvedReportingOptions) {}

  declaredPermissions(): string[] {
    return [...this.options.datasets.values()].map((dataset) => dataset.permission);
  }
}
