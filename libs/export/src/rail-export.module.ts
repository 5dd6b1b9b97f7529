import { Module } from '@nestjs/common';
import { railLibraryModule, type RailLibraryAsyncOptions, TableFiles, ModelReader } from '@rail/core';
import { ExportFileLinks } from './export-file-links.js';
import { ExportFiles } from './export-files.service.js';
import { ExportPlanner } from './export-plan.js';
import { ExportRateLimiter } from './export-rate-limiter.js';
import { EXPORT_STORAGE, LocalDiskExportStorage } from './export-storage.js';
import { ExportController } from './export.controller.js';
import { ExportResolver } from './export.resolver.js';
import { ExportService } from './export.service.js';
import { ExportTask } from './export.task.js';
import {
  exportOptionsSchema,
  RAIL_EXPORT_OPTIONS,
  type RailExportOptions,
  type ResolvedExportOptions,
  withSigningSecret,
} from './rail-export.options.js';
import { ExportMetadataContributor } from './export.metadata-contributor.js';

/**
 * `forRootAsync`'s argument; a `useClass` / `useExisting` class implements
 * `createExportOptions()`. `storage` (another storage than local disk) goes
 * next to `useFactory`.
 */
export type RailExportAsyncOptions = RailLibraryAsyncOptions<
  RailExportOptions,
  'createExportOptions',
  'storage'
>;

/**
 * CSV and XLSX exports under the API's rules: `POST /api/v1/export`
 * (streamed), `exportData` (a background task) and signed download links.
 * Needs RailSchemaModule; background exports need RailTasksModule; exports
 * are audited when RailAuditModule is there.
 *
 * @example
 * RailExportModule.forRoot({ storageDirectory: './data/exports', signingSecret: process.env.EXPORT_SIGNING_SECRET })
 */
@Module({})
export class RailExportModule extends railLibraryModule({
  name: 'RailExportModule',
  requires: [{ module: 'RailSchemaModule', token: ModelReader }],
  schema: exportOptionsSchema,
  optionsToken: RAIL_EXPORT_OPTIONS,
  factoryMethodName: 'createExportOptions',
  definitionKeys: ['storage'],
  resolve: (options) => withSigningSecret(options, process.env),
  module: {
    controllers: [ExportController],
    providers: [
      {
        provide: EXPORT_STORAGE,
        inject: [RAIL_EXPORT_OPTIONS],
        useFactory: (resolved: ResolvedExportOptions) =>
          resolved.storage?.(resolved) ?? new LocalDiskExportStorage(resolved.storageDirectory),
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
  },
}) {}
