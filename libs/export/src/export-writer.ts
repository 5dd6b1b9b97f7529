import type { ExportColumn } from './export-plan.js';

/** Writes rows to an output as they arrive; memory does not grow with the row count. */
export interface ExportWriter {
  writeRow(values: readonly unknown[]): Promise<void>;
  /** Ends the file (the output stream is ended too). */
  finish(): Promise<void>;
}

export type ExportWriterFactory = (
  columns: readonly ExportColumn[],
  output: NodeJS.WritableStream,
) => ExportWriter;
