import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { stringify, type Stringifier } from 'csv-stringify';
import type { ExportColumn } from './export-plan.js';
import type { ExportWriter } from './export-writer.js';
import { spreadsheetSafe } from './spreadsheet-safe.js';

/** One CSV cell: text made safe for spreadsheets, dates in ISO 8601, empty for null. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return spreadsheetSafe(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return spreadsheetSafe(JSON.stringify(value));
}

/** RFC 4180 CSV with a header row (csv-stringify), honouring the output's backpressure. */
export class CsvExportWriter implements ExportWriter {
  private readonly stringifier: Stringifier;
  private readonly done: Promise<void>;

  constructor(columns: readonly ExportColumn[], output: NodeJS.WritableStream) {
    this.stringifier = stringify({
      header: true,
      columns: columns.map((column) => spreadsheetSafe(column.title)),
    });
    this.stringifier.pipe(output);
    this.done = finished(output);
  }

  async writeRow(values: readonly unknown[]): Promise<void> {
    if (!this.stringifier.write(values.map(csvCell))) await once(this.stringifier, 'drain');
  }

  async finish(): Promise<void> {
    this.stringifier.end();
    await this.done;
  }
}
