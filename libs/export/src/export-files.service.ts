import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { FileLink, TableColumn, TableFileFormat, TableFiles } from '@rail/core';
import { CsvExportWriter } from './csv-export.writer.js';
import { ExportFileLinks } from './export-file-links.js';
import { EXPORT_STORAGE, type ExportStorage } from './export-storage.js';
import { XlsxExportWriter } from './xlsx-export.writer.js';

/**
 * Files of already computed, bounded tables (a report's rows) in the export
 * formats, stored and handed out through the same signed links as
 * background exports; formula escaping included. The suite's `TableFiles`.
 */
@Injectable()
export class ExportFiles implements TableFiles {
  constructor(
    @Inject(EXPORT_STORAGE) private readonly storage: ExportStorage,
    private readonly links: ExportFileLinks,
  ) {}

  async saveTable(
    format: TableFileFormat,
    columns: readonly TableColumn[],
    rows: ReadonlyArray<readonly unknown[]>,
    filename: string,
  ): Promise<FileLink> {
    const key = `${randomUUID()}.${format}`;
    const exportColumns = columns.map((column) => ({
      path: column.title,
      title: column.title,
      kind: column.kind,
    }));
    const output = this.storage.writer(key);
    const writer =
      format === 'csv'
        ? new CsvExportWriter(exportColumns, output)
        : new XlsxExportWriter(exportColumns, output);
    for (const row of rows) await writer.writeRow(row);
    await writer.finish();
    const safeName = `${filename.replace(/[^\w.-]+/g, '_').slice(0, 100) || 'report'}.${format}`;
    const { token, expiresAt } = this.links.sign({ key, filename: safeName, format });
    return { url: `/api/v1/export/files/${token}`, expiresAt };
  }
}
