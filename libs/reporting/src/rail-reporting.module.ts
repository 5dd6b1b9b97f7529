import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import {
  RAIL_REPORTING_OPTIONS,
  resolveReportingOptions,
  type RailReportingOptions,
} from './rail-reporting.options.js';
import { ReportCacheObserver } from './report-cache.observer.js';
import { ReportDefinitionValidator } from './report-definition.validator.js';
import { ReportService } from './report.service.js';
import { ReportingResolver } from './reporting.resolver.js';

export interface RailReportingAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: Array<string | symbol | (abstract new (...args: never[]) => unknown)>;
  useFactory: (...args: never[]) => RailReportingOptions | Promise<RailReportingOptions>;
}

/**
 * BI datasets over the generated models: `report(code, …)` compiles the
 * chosen dimensions and metrics to one aggregate statement under the API's
 * rules; `reportExport` hands the result out as CSV or XLSX. Needs
 * RailSchemaModule and RailExportModule.
 */
@Module({})
export class RailReportingModule {
  static forRootAsync(options: RailReportingAsyncOptions): DynamicModule {
    return {
      module: RailReportingModule,
      imports: options.imports ?? [],
      providers: [
        {
          provide: RAIL_REPORTING_OPTIONS,
          inject: options.inject ?? [],
          useFactory: async (...args: never[]) => resolveReportingOptions(await options.useFactory(...args)),
        },
        ReportService,
        ReportCacheObserver,
        ReportDefinitionValidator,
        ReportingResolver,
      ],
      exports: [ReportService],
    };
  }
}
