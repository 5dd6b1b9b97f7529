import { Inject } from '@nestjs/common';
import {
  RailError,
  RailErrorCode,
  RailExtension,
  RailExtensionPoint,
  type MutationEvent,
  type MutationObserver,
  ModelReader,
} from '@rail/core';
import { assertDatasetPaths } from './dataset-paths.js';
import { reportDatasetSchema, type ReportDataset } from './report-dataset.js';
import { RAIL_REPORTING_OPTIONS, type ResolvedReportingOptions } from './rail-reporting.options.js';

/** A definition given (or stored) as JSON text; text that is not JSON is the client's mistake. */
function jsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RailError(RailErrorCode.BAD_USER_INPUT, 'definition: must be a JSON object', {
      field: 'definition',
    });
  }
}

/** The dataset a stored definition describes, checked like a file's (and its model must exist). */
export function datasetOfDefinition(
  row: { code?: unknown; title?: unknown; definition?: unknown },
  models: readonly string[],
): ReportDataset {
  const definition = typeof row.definition === 'string' ? jsonText(row.definition) : row.definition;
  const parsed = reportDatasetSchema.safeParse({
    ...(definition && typeof definition === 'object' ? definition : {}),
    code: row.code,
    ...(typeof row.title === 'string' ? { title: row.title } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RailError(
      RailErrorCode.BAD_USER_INPUT,
      `definition.${issue.path.join('.')}: ${issue.message}`,
      {
        field: `definition.${issue.path.join('.')}`,
      },
    );
  }
  if (!models.includes(parsed.data.model)) {
    throw new RailError(
      RailErrorCode.BAD_USER_INPUT,
      `definition.model: no model is named ${JSON.stringify(parsed.data.model)}`,
      {
        field: 'definition.model',
      },
    );
  }
  return parsed.data;
}

/** Refuses a stored definition that is not a valid dataset, or that takes the code of a configured one. */
@RailExtension(RailExtensionPoint.MutationObserver)
export class ReportDefinitionValidator implements MutationObserver {
  constructor(
    private readonly reader: ModelReader,
    @Inject(RAIL_REPORTING_OPTIONS) private readonly options: ResolvedReportingOptions,
  ) {}

  beforeWrite(event: MutationEvent): void {
    if (event.model !== 'ReportDefinition' || !event.after) return;
    const dataset = datasetOfDefinition(
      event.after,
      this.reader.registry.models.map((model) => model.name),
    );
    assertDatasetPaths(dataset, this.reader.registry);
    if (this.options.datasets.has(dataset.code)) {
      throw new RailError(RailErrorCode.CONFLICT, `code: ${dataset.code} is a configured dataset's code`, {
        field: 'code',
      });
    }
  }
}
