import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { TableFiles } from '@rail/core';
import { ExportFileLinks } from './export-file-links.js';
import { ExportFiles } from './export-files.service.js';
import { ExportPlanner } from './export-plan.js';
import { ExportRateLimiter } from './export-rate-limiter.js';
import { EXPORT_STORAGE, LocalDiskExportStorage, type ExportStorage } from './export-storage.js';
import { ExportController } from './export.controller.js';
import { ExportResolver } from './export.resolver.js';
import { ExportService } from './export.service.js';
import { ExportTask } from './export.task.js';
import {
  RAIL_EXPORT_OPTIONS,
  resolveExportOptions,
  type RailExportOptions,
  type ResolvedExportOptions,
} from './rail-export.options.js';
import { ExportMetadataContributor } from './export.metadata-contributor.js';

export interface RailExportAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: Array<string | symbol | (abstract new (...args: never[]) => unknown)>;
  useFactory: (...args: never[]) => RailExportOptions | Promise<RailExportOptions>;
  /** Another storage than local disk (object storage): a provider of `ExportStorage`. */
  storage?: (options: ResolvedExportOptions) => ExportStorage;
}

/**
 * CSV and XLSX exports under the API's rules: `POST /api/v1/export`
 * (streamed), `exportData` (a background task) and signed download links.
 * Needs RailSchemaModule; background exports need RailTasksModule; exports
 * are audited when RailAuditModule is there.
 */
@Module({})
export class RailExportModule {
  static forRoot(options: RailExportOptions): DynamicModule {
    return RailExportModule.forRootAsync({ useFactory: () => options });
  }

  static forRootAsync(options: RailExportAsyncOptions): DynamicModule {
    return {
      module: RailExportModule,
      global: true,
      imports: options.imports ?? [],
      controllers: [ExportController],
      providers: [
        {
          provide: RAIL_EXPORT_OPTIONS,
          inject: options.inject ?? [],
          useFactory: async (...args: never[]) => resolveExportOptions(await options.useFactory(...args)),
        },
        {
          provide: EXPORT_STORAGE,
          inject: [RAIL_EXPORT_OPTIONS],
          useFactory: (resolved: ResolvedExportOptions) =>
            options.storage?.(resolved) ?? new LocalDiskExportStorage(resolved.storageDirectory),
        },
        ExportPlanner,
        ExportMetadataContributor,
        ExportService,
        ExportRateLimiter,
        ExportFileLinks,
        ExportTask,
        ExportResolver,
        ExportFiles,
        { provide: TableFiles, useExisting: ExportFiles },
      ],
      exports: [ExportService, ExportFiles, TableFiles],
    };
  }
}
