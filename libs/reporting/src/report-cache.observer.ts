import { RailExtension, RailExtensionPoint, type MutationEvent, type MutationObserver } from '@rail/core';
import { ReportService } from './report.service.js';

/** Clears cached report results when a model they read is written. */
@RailExtension(RailExtensionPoint.MutationObserver)
export class ReportCacheObserver implements MutationObserver {
  constructor(private readonly reports: ReportService) {}

  beforeCommit(events: readonly MutationEvent[]): void {
    for (const model of new Set(events.map((event) => event.model))) this.reports.modelWritten(model);
  }
}
