import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Stream } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ExportColumn } from './export-plan.js';
import type { ExportWriter } from './export-writer.js';
import { spreadsheetSafe } from './spreadsheet-safe.js';

/** One XLSX cell: numbers (decimals included) as numbers, dates as dates, text made safe. */
function xlsxCell(value: unknown, column: ExportColumn): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    if ((column.kind === 'decimal' || column.kind === 'int' || column.kind === 'float') && value !== '') {
      const number = Number(value);
      if (Number.isFinite(number)) return number;
    }
    return spreadsheetSafe(value);
  }
  return spreadsheetSafe(JSON.stringify(value));
}

/**
 * XLSX through exceljs's streaming workbook writer: each row is committed
 * (zipped out) as soon as it is written, so memory stays flat.
 */
export class XlsxExportWriter implements ExportWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;
  private readonly done: Promise<void>;

  constructor(
    private readonly columns: readonly ExportColumn[],
    private readonly output: NodeJS.WritableStream,
  ) {
    this.done = finished(output);
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: output as unknown as Stream,
      useStyles: false,
      useSharedStrings: false,
    });
    this.sheet = this.workbook.addWorksheet('Export');
    this.sheet.addRow(columns.map((column) => spreadsheetSafe(column.title))).commit();
  }

  async writeRow(values: readonly unknown[]): Promise<void> {
    this.sheet.addRow(values.map((value, index) => xlsxCell(value, this.columns[index]))).commit();
    // exceljs does not wait for a slow reader, so the zip would pile up in memory: wait for the output.
    if ((this.output as { writableNeedDrain?: boolean }).writableNeedDrain) await once(this.output, 'drain');
  }

  async finish(): Promise<void> {
    this.sheet.commit();
    await this.workbook.commit();
    await this.done;
  }
}
