import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Where finished background exports wait for their download. */
export interface ExportStorage {
  /** A stream the export is written to; the file exists once the stream has finished. */
  writer(key: string): NodeJS.WritableStream;
  reader(key: string): NodeJS.ReadableStream;
  remove(key: string): Promise<void>;
}

export const EXPORT_STORAGE = Symbol('RAIL_EXPORT_STORAGE');

/** Keys Rail makes: a UUID and the format. Anything else is refused, so a key can never leave the directory. */
const KEY = /^[0-9a-f-]{36}\.(csv|xlsx)$/;

/** The default storage: files in a local directory (mount a volume in containers). */
export class LocalDiskExportStorage implements ExportStorage {
  private readonly directory: string;

  constructor(directory: string) {
    this.directory = resolve(directory);
    mkdirSync(this.directory, { recursive: true });
  }

  writer(key: string): NodeJS.WritableStream {
    return createWriteStream(this.path(key), { flags: 'wx' });
  }

  reader(key: string): NodeJS.ReadableStream {
    return createReadStream(this.path(key));
  }

  async remove(key: string): Promise<void> {
    await unlink(this.path(key)).catch(() => undefined);
  }

  private path(key: string): string {
    if (!KEY.test(key)) throw new Error(`Not an export file key: ${JSON.stringify(key)}`);
    return join(this.directory, key);
  }
}
