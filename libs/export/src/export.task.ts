import { Inject, Injectable } from '@nestjs/common';
import { TaskHandler, type RailPrincipal, type TaskContext } from '@rail/core';
import type { ExportRequest } from './export-request.js';
import { EXPORT_STORAGE, type ExportStorage } from './export-storage.js';
import { ExportService } from './export.service.js';

export const EXPORT_TASK = 'rail.export';

export interface ExportTaskPayload {
  readonly request: ExportRequest;
  /** Who asked, as they were when they asked: the export runs under their rights. */
  readonly principal: RailPrincipal;
  /** Where the file goes in the storage. */
  readonly key: string;
}

export interface ExportTaskResult {
  readonly rows: number;
  readonly key: string;
  readonly filename: string;
  readonly format: 'csv' | 'xlsx';
}

/** A large export in the background: planned again (rights may have changed), then written to the storage. */
@Injectable()
export class ExportTask {
  constructor(
    private readonly exports: ExportService,
    @Inject(EXPORT_STORAGE) private readonly storage: ExportStorage,
  ) {}

  @TaskHandler(EXPORT_TASK)
  async run(payload: ExportTaskPayload, context: TaskContext): Promise<ExportTaskResult> {
    const plan = await this.exports.plan(payload.request, payload.principal);
    // A retry starts a fresh file.
    await this.storage.remove(payload.key);
    try {
      const rows = await this.exports.write(
        plan,
        this.storage.writer(payload.key),
        payload.principal,
        context.signal,
      );
      return { rows, key: payload.key, filename: plan.filename, format: payload.request.format };
    } catch (error) {
      await this.storage.remove(payload.key);
      throw error;
    }
  }
}
