import { ReportDefinition } from './report-definition.entity.js';

export { RailReportingModule, type RailReportingAsyncOptions } from './rail-reporting.module.js';
export type { RailReportingOptions } from './rail-reporting.options.js';
export { ReportService, type ReportArgs, type ReportResult } from './report.service.js';
export type { ReportDataset, ReportDatasetInput } from './report-dataset.js';
export { ReportDefinition } from './report-definition.entity.js';

/** The stored-datasets table, to list with the app's TypeORM and schema entities. */
export const reportingEntities = [ReportDefinition];
