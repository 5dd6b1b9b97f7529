export { RailExportModule, type RailExportAsyncOptions } from './rail-export.module.js';
export type { RailExportOptions, ResolvedExportOptions } from './rail-export.options.js';
export { ExportService, EXPORT_CONTENT_TYPES } from './export.service.js';
export type { ExportPlan, ExportColumn } from './export-plan.js';
export { parseExportRequest, type ExportRequest } from './export-request.js';
export { EXPORT_STORAGE, LocalDiskExportStorage, type ExportStorage } from './export-storage.js';
export { spreadsheetSafe } from './spreadsheet-safe.js';
export { ExportFiles } from './export-files.service.js';
// The link type and the table-file port live in @rail/core (reporting uses them too).
export { FileLink as ExportFileLink, type FileLink as StoredFile, type TableColumn } from '@rail/core';
export { Exportable, exportableOf, type ExportableOptions } from './exportable.decorator.js';
