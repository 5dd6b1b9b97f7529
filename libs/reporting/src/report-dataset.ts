import { z } from 'zod';

const transform = z.union([
  z.enum(['day', 'week', 'month', 'quarter', 'year']),
  z.strictObject({ bucket: z.number().positive() }),
]);

const name = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9_]{0,62}$/, { message: 'expected a name like revenue or order_count' });

/** A dataset: what analysts may group and sum over one model, and who may. */
export const reportDatasetSchema = z.strictObject({
  code: name,
  title: z.string().max(200).optional(),
  description: z.string().max(2000).optional(),
  /** The source model (GraphQL type name). */
  model: z.string().min(1),
  /** The permission that runs it (`report.run`); reading the source model is needed too. */
  permission: z.string().min(1),
  dimensions: z.record(name, z.strictObject({ path: z.string().min(1), transform: transform.optional() })),
  metrics: z.record(
    name,
    z.strictObject({
      fn: z.enum(['count', 'countDistinct', 'sum', 'avg', 'min', 'max', 'percentile']),
      path: z.string().min(1).optional(),
      times: z.string().min(1).optional(),
      fraction: z.number().min(0).max(1).optional(),
    }),
  ),
  /** Always applied (the generated API's filter language), ANDed with the caller's. */
  filter: z.record(z.string(), z.unknown()).optional(),
  /** What `report(code)` shows when the caller names none. */
  defaultDimensions: z.array(name).optional(),
  defaultMetrics: z.array(name).optional(),
  orderBy: z.array(z.strictObject({ name, direction: z.enum(['ASC', 'DESC']).default('ASC') })).optional(),
  /** More groups than this is refused. */
  maxBuckets: z.number().int().min(1).max(100_000).default(1000),
});

export type ReportDatasetInput = z.input<typeof reportDatasetSchema>;
export type ReportDataset = z.output<typeof reportDatasetSchema>;
