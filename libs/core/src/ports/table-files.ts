import { Field, ObjectType } from '@nestjs/graphql';
import type { FieldKind } from '../model/model-definition.js';

export interface TableColumn {
  readonly title: string;
  readonly kind: FieldKind;
}

export type TableFileFormat = 'csv' | 'xlsx';

/** A stored file's short-lived download link; also the GraphQL type `ExportFileLink`. */
@ObjectType('ExportFileLink', { description: 'A short-lived link to a finished background export.' })
export class FileLink {
  @Field({ description: 'GET it (no token needed) before it expires.' })
  readonly url!: string;

  @Field()
  readonly expiresAt!: Date;
}

/**
 * The port through which a library turns an already computed, bounded table
 * (a report's rows) into a CSV or XLSX file behind a signed link, without
 * importing the export library. @rail/export implements it, with the same
 * storage, links and formula escaping as its own exports.
 */
export abstract class TableFiles {
  abstract saveTable(
    format: TableFileFormat,
    columns: readonly TableColumn[],
    rows: ReadonlyArray<readonly unknown[]>,
    filename: string,
  ): Promise<FileLink>;
}
