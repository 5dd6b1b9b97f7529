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

/** The stream exceljs writes a worksheet's XML into: the zip entry's input. */
interface ZipInput {
  readonly stream: NodeJS.EventEmitter;
  /** `length`: bytes written to it and not yet read by the zip. */
  readonly writableState: { readonly needDrain: boolean; readonly length: number };
}

/**
 * exceljs's worksheet writer keeps its XML in `stream` (a StreamBuf) whose
 * `pipes` are the zip entry's input, a readable-stream v2 PassThrough without
 * the `writableNeedDrain` getter. Undefined before the zip has opened the
 * entry, or if a later exceljs changes that layout (a spec pins it).
 */
export function sheetZipInput(sheet: ExcelJS.Worksheet): ZipInput | undefined {
  const pipes = (sheet as { stream?: { pipes?: unknown } }).stream?.pipes;
  const input = Array.isArray(pipes)
    ? (pipes[0] as { _writableState?: { needDrain?: unknown; length?: unknown } } | undefined)
    : undefined;
  const state = input?._writableState;
  if (!input || typeof state?.needDrain !== 'boolean' || typeof state.length !== 'number') return undefined;
  return {
    stream: input as unknown as NodeJS.EventEmitter,
    writableState: state as ZipInput['writableState'],
  };
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
    await this.zipCaughtUp();
  }

  /**
   * exceljs hands each 64 KiB of worksheet XML to the zip without waiting for
   * it (its StreamBuf ignores `write()` returning false), so when rows come
   * faster than zlib compresses them the XML piles up uncompressed in the
   * zip's input: 16 MB for 100,000 rows, measured. The writes the zip reads
   * from are waited for here; the zip itself waits for the output (pipe).
   */
  private async zipCaughtUp(): Promise<void> {
    const zipInput = sheetZipInput(this.sheet);
    if (zipInput?.writableState.needDrain) await once(zipInput.stream, 'drain');
    else if ((this.output as { writableNeedDrain?: boolean }).writableNeedDrain)
      await once(this.output, 'drain');
  }

  async finish(): Promise<void> {
    this.sheet.commit();
    await this.workbook.commit();
    await this.done;
  }
}
