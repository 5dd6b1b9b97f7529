import { Module } from '@nestjs/common';
import { railLibraryModule, type RailLibraryAsyncOptions, ModelReader } from '@rail/core';
import {
  RAIL_REPORTING_OPTIONS,
  type RailReportingOptions,
  reportingOptionsSchema,
  withDatasets,
} from './rail-reporting.options.js';
import { ReportCacheObserver } from './report-cache.observer.js';
import { ReportDefinitionValidator } from './report-definition.validator.js';
import { ReportDatasetPermissions } from './report-dataset.permission-source.js';
import { ReportService } from './report.service.js';
import { ReportingResolver } from './reporting.resolver.js';

/** `forRootAsync`'s argument; a `useClass` / `useExisting` class implements `createReportingOptions()`. */
export type RailReportingAsyncOptions = RailLibraryAsyncOptions<
  RailReportingOptions,
  'createReportingOptions'
>;

/**
 * BI datasets over the generated models: `report(code, …)` compiles the
 * chosen dimensions and metrics to one aggregate statement under the API's
 * rules; `reportExport` hands the result out as CSV or XLSX. Needs
 * RailSchemaModule and RailExportModule.
 *
 * @example
 * RailReportingModule.forRoot({ datasetsFile: 'reports.yml', cacheTtlSeconds: 30 })
 */
@Module({})
export class RailReportingModule extends railLibraryModule({
  name: 'RailReportingModule',
  requires: [{ module: 'RailSchemaModule', token: ModelReader }],
  schema: reportingOptionsSchema,
  optionsToken: RAIL_REPORTING_OPTIONS,
  factoryMethodName: 'createReportingOptions',
  resolve: withDatasets,
  module: {
    providers: [
      ReportService,
      ReportCacheObserver,
      ReportDefinitionValidator,
      ReportingResolver,
      ReportDatasetPermissions,
    ],
    exports: [ReportService],
  },
}) {}
