import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ExportColumn } from './export-plan.js';
import { sheetZipInput, XlsxExportWriter } from './xlsx-export.writer.js';

const columns: ExportColumn[] = [
  { path: 'id', title: 'id', kind: 'int' },
  { path: 'name', title: 'name', kind: 'string' },
  { path: 'price', title: 'price', kind: 'decimal' },
];
const ROWS = 20_000;
/** exceljs passes worksheet XML to the zip 64 KiB at a time. */
const XML_CHUNK = 64 * 1024;

/** A client that reads as fast as it can, keeping what it got. */
function fastClient(): { output: Writable; file: () => Buffer } {
  const chunks: Buffer[] = [];
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      setImmediate(done);
    },
  });
  return { output, file: () => Buffer.concat(chunks) };
}

describe('XlsxExportWriter', () => {
  it('keeps the worksheet XML waiting for the zip bounded, however many rows (zlib is slower than rows come)', async () => {
    const { output, file } = fastClient();
    const writer = new XlsxExportWriter(columns, output);
    let mostWaiting = 0;
    for (let id = 1; id <= ROWS; id += 1) {
      await writer.writeRow([id, `Product ${id} with a name long enough to fill cells`, '19.99']);
      mostWaiting = Math.max(mostWaiting, sheetZipInput(writer['sheet'])?.writableState.length ?? 0);
    }
    await writer.finish();

    // Without waiting for the zip, all ~2 MB of XML for these rows would queue up uncompressed.
    expect(mostWaiting).toBeLessThanOrEqual(2 * XML_CHUNK);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file() as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Export');
    expect(sheet?.rowCount).toBe(ROWS + 1);
    expect(sheet?.getRow(ROWS + 1).values).toEqual([
      undefined,
      ROWS,
      `Product ${ROWS} with a name long enough to fill cells`,
      19.99,
    ]);
  });

  it("finds the zip's input where this exceljs keeps it (an upgrade that moves it fails here, not in production)", async () => {
    const { output } = fastClient();
    const writer = new XlsxExportWriter(columns, output);
    await writer.writeRow([1, 'One', '1.00']);
    const input = sheetZipInput(writer['sheet']);
    await writer.finish();
    expect(input).toBeDefined();
  });
});
