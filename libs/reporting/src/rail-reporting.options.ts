import { readFileSync } from 'node:fs';
import type { RailPrincipal } from '@rail/core';
import { parseOptions, RailConfigurationError } from '@rail/core';
import { load } from 'js-yaml';
import { z } from 'zod';
import { reportDatasetSchema, type ReportDataset, type ReportDatasetInput } from './report-dataset.js';

export interface RailReportingOptions {
  /** Datasets in code. */
  datasets?: ReportDatasetInput[];
  /** Datasets in a YAML or JSON file: `datasets: [ ... ]`. */
  datasetsFile?: string;
  /** Cache results per company, user and arguments for this long; writes to the source model clear it. 0: off. */
  cacheTtlSeconds?: number;
  /** How a dataset's permission is checked. Default: the core's `PermissionChecker` (from @rail/rbac). */
  hasPermission?: (principal: RailPrincipal, permission: string) => boolean;
}

export interface ResolvedReportingOptions {
  readonly datasets: ReadonlyMap<string, ReportDataset>;
  readonly cacheTtlSeconds: number;
  readonly hasPermission: RailReportingOptions['hasPermission'];
}

export const RAIL_REPORTING_OPTIONS = Symbol('RAIL_REPORTING_OPTIONS');

// Each dataset (in code or in the file) is checked on its own, named by its place: "report dataset #2".
const datasetInput = z.custom<ReportDatasetInput>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  { message: 'expected a dataset: { code, model, permission, dimensions, metrics }' },
);

export const reportingOptionsSchema: z.ZodType<RailReportingOptions, RailReportingOptions> = z.strictObject({
  datasets: z.array(datasetInput).optional(),
  datasetsFile: z.string().min(1).optional(),
  cacheTtlSeconds: z.number().int().min(0).optional(),
  hasPermission: z
    .custom<(principal: RailPrincipal, permission: string) => boolean>(
      (value) => typeof value === 'function',
      {
        message: 'expected a function (principal, permission) => boolean',
      },
    )
    .optional(),
});

/** Validates the options and every dataset (code and file) once at start-up; a bad one stops the app, named. */
export function resolveReportingOptions(options: RailReportingOptions): ResolvedReportingOptions {
  return withDatasets(parseOptions(reportingOptionsSchema, options, 'RailReportingModule options'));
}

/** Reads the datasets file and validates every dataset, on options the schema already validated. */
export function withDatasets(options: RailReportingOptions): ResolvedReportingOptions {
  const fromFile = options.datasetsFile ? datasetsIn(options.datasetsFile) : [];
  const datasets = new Map<string, ReportDataset>();
  for (const [index, input] of [...(options.datasets ?? []), ...fromFile].entries()) {
    const dataset = parseOptions(reportDatasetSchema, input, `report dataset #${index + 1}`);
    if (datasets.has(dataset.code))
      throw new RailConfigurationError(`Two report datasets are named ${dataset.code}`);
    for (const chosen of [...(dataset.defaultDimensions ?? []), ...(dataset.defaultMetrics ?? [])]) {
      if (!(chosen in dataset.dimensions) && !(chosen in dataset.metrics))
        throw new RailConfigurationError(
          `Report dataset ${dataset.code}: the default ${chosen} is not defined`,
        );
    }
    datasets.set(dataset.code, dataset);
  }
  return { datasets, cacheTtlSeconds: options.cacheTtlSeconds ?? 0, hasPermission: options.hasPermission };
}

function datasetsIn(path: string): unknown[] {
  let document: unknown;
  try {
    document = load(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new RailConfigurationError(
      `The report datasets file ${path} cannot be read: ${(error as Error).message}`,
    );
  }
  const datasets = (document as { datasets?: unknown } | null)?.datasets;
  if (!Array.isArray(datasets)) throw new RailConfigurationError(`${path}: expected a "datasets" list`);
  return datasets;
}
