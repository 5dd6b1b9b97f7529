import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { AuditSink, ModelReader, valueAtPath, type RailPrincipal } from '@rail/core';
import { CsvExportWriter } from './csv-export.writer.js';
import { ExportPlanner, type ExportPlan } from './export-plan.js';
import type { ExportRequest } from './export-request.js';
import type { ExportWriter } from './export-writer.js';
import { RAIL_EXPORT_OPTIONS, type ResolvedExportOptions } from './rail-export.options.js';
import { XlsxExportWriter } from './xlsx-export.writer.js';

export const EXPORT_CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/**
 * Streams an export: rows are read a batch at a time through the generated
 * API's read path (same authorization, tenant and row scopes, field policies)
 * and written as they arrive. Each export is audited when the audit library
 * is there: who, model, fields, filter, row count.
 */
@Injectable()
export class ExportService {
  private readonly logger = new Logger('Export');
  constructor(
    private readonly planner: ExportPlanner,
    private readonly reader: ModelReader,
    @Inject(RAIL_EXPORT_OPTIONS) private readonly options: ResolvedExportOptions,
    @Optional() private readonly audit?: AuditSink,
  ) {}

  plan(request: ExportRequest, principal: RailPrincipal | undefined): Promise<ExportPlan> {
    return this.planner.plan(request, principal);
  }

  /** Writes the planned export to `output` and ends it; returns the row count. */
  async write(
    plan: ExportPlan,
    output: NodeJS.WritableStream,
    principal: RailPrincipal | undefined,
    signal?: AbortSignal,
  ): Promise<number> {
    const writer: ExportWriter =
      plan.request.format === 'csv'
        ? new CsvExportWriter(plan.columns, output)
        : new XlsxExportWriter(plan.columns, output);
    let rows = 0;
    // On record before the first byte: if the trail cannot take it, the export does not happen.
    await this.record(plan, principal, 0, 'started');
    try {
      const batches = this.reader.streamRows(
        plan.model,
        plan.columns.map((column) => column.path),
        {
          where: plan.request.where,
          orderBy: plan.request.orderBy,
          maxRows: plan.maxRows,
          batchSize: this.options.batchSize,
        },
        principal,
      );
      for await (const batch of batches) {
        signal?.throwIfAborted();
        for (const row of batch) {
          await writer.writeRow(plan.columns.map((column) => valueAtPath(row, column.path)));
          rows += 1;
        }
      }
    } catch (error) {
      await this.record(plan, principal, rows, 'failure');
      throw error;
    }
    // Recorded before the file ends, so that whoever holds the whole file can find its record.
    await this.record(plan, principal, rows, 'success');
    await writer.finish();
    return rows;
  }

  private async record(
    plan: ExportPlan,
    principal: RailPrincipal | undefined,
    rows: number,
    stage: 'started' | 'success' | 'failure',
  ): Promise<void> {
    if (!this.audit) return;
    const event = {
      eventType:
        stage === 'started' ? 'export.started' : stage === 'success' ? 'export.completed' : 'export.failed',
      outcome: stage === 'failure' ? ('failure' as const) : ('success' as const),
      model: plan.model.name,
      companyId: principal?.companyId ?? null,
      actorId: principal?.userId ?? null,
      actorRoles: principal?.roles ?? null,
      details: {
        format: plan.request.format,
        fields: plan.columns.map((column) => column.path),
        where: plan.request.where ?? null,
        orderBy: plan.request.orderBy ?? null,
        rows,
        maxRows: plan.maxRows,
      },
    };
    if (stage === 'started') {
      await this.audit.record(event);
      return;
    }
    try {
      await this.audit.record(event);
    } catch (error) {
      // The file is already out: a missing record is logged loudly rather than hidden.
      this.logger.error(
        `Export of ${plan.model.name} (${rows} rows) could not be audited`,
        error instanceof Error ? error.stack : String(error),
      );
    }
  }
}
