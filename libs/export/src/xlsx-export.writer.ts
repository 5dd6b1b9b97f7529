import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Readable, Stream, Writable } from 'node:stream';
import { setImmediate } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import type { ExportColumn } from './export-plan.js';
import type { ExportWriter } from './export-writer.js';
import { spreadsheetSafe } from './spreadsheet-safe.js';

/**
 * How much of the archive may wait in memory before rows stop being added.
 * exceljs exposes no backpressure, so the writer reads its archive's stream
 * buffers (`workbook.zip`, an archiver stream, and the sheet stream's pipes).
 */
const ZIP_QUEUE_LIMIT_BYTES = 1024 * 1024;

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
    // exceljs waits neither for a slow reader nor for its own zip: committed rows are pushed into the
    // archive whether or not the deflater (on libuv's thread pool) and the response keep up. So rows wait
    // here: for the response to drain, or a turn of the event loop while the archive's queues are long
    // (which also lets other requests in when the database driver answers synchronously).
    for (;;) {
      if ((this.output as { writableNeedDrain?: boolean }).writableNeedDrain)
        await once(this.output, 'drain');
      else if (this.pendingZipBytes() > ZIP_QUEUE_LIMIT_BYTES) await setImmediate();
      else return;
    }
  }

  /** Bytes waiting in the archive: the sheet's XML not yet deflated and the deflated bytes not yet sent. */
  private pendingZipBytes(): number {
    const zip = (this.workbook as unknown as { zip?: Readable & Writable }).zip;
    const entries = (this.sheet as unknown as { stream?: { pipes?: Writable[] } }).stream?.pipes ?? [];
    return (
      (zip?.readableLength ?? 0) +
      (zip?.writableLength ?? 0) +
      entries.reduce((sum, entry) => sum + (entry.writableLength ?? 0), 0)
    );
  }

  async finish(): Promise<void> {
    this.sheet.commit();
    await this.workbook.commit();
    await this.done;
  }
}
