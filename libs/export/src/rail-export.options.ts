import { assertStrongSecret, invalidOptions, parseOptions } from '@rail/core';
import type { ExportStorage } from './export-storage.js';
import { z } from 'zod';

/** Development only: production must configure its own secret for download links. */
export const DEVELOPMENT_EXPORT_SIGNING_SECRET = 'rail-development-export-signing-secret-not-for-production';

const modelExport = z.strictObject({
  /** The exportable fields: dotted paths through to-one relations (`category.name`). Nothing else can be exported. */
  fields: z.array(z.string().min(1)).min(1),
  /** A lower row cap for this model. */
  maxRows: z.number().int().positive().optional(),
});

const exportOptionsFields = z.strictObject({
  /**
   * Per model (GraphQL type name), what may be exported, for models whose
   * entities do not say it themselves (`@Exportable`); an entry here wins.
   * A model in neither cannot be exported.
   */
  models: z.record(z.string(), modelExport).default({}),
  /** The row cap of every export; a request's `maxRows` can only lower it. */
  maxRows: z.number().int().positive().default(100_000),
  /** Rows read per statement. */
  batchSize: z.number().int().min(10).max(10_000).default(1000),
  /** Exports each user may start per window. */
  rateLimit: z
    .strictObject({
      points: z.number().int().positive().default(10),
      durationSeconds: z.number().int().positive().default(60),
    })
    .prefault({}),
  /** Redis for the rate limit, shared by every instance; in memory otherwise. */
  redisUrl: z.string().optional(),
  redisKeyPrefix: z.string().default('rail:export:'),
  /** Where finished background exports are kept (local disk). */
  storageDirectory: z.string().default('./data/exports'),
  /** How long a download link works. */
  linkTtlSeconds: z.number().int().min(1).max(86_400).default(600),
  /** Signs download links (HMAC-SHA256); at least 32 characters. */
  signingSecret: z.string().min(32).optional(),
  production: z.boolean().optional(),
});

export type ResolvedExportOptions = Omit<z.output<typeof exportOptionsFields>, 'signingSecret'> & {
  readonly signingSecret: string;
  readonly storage?: ExportStorageFactory;
};

/** Another storage than local disk (object storage), made from the resolved options. */
export type ExportStorageFactory = (options: ResolvedExportOptions) => ExportStorage;

export const exportOptionsSchema = exportOptionsFields.extend({
  /** Another storage than local disk; `forRootAsync` takes it next to `useFactory`. */
  storage: z
    .custom<ExportStorageFactory>((value) => typeof value === 'function', {
      message: 'expected a function of the options that returns an ExportStorage',
    })
    .optional(),
});

export type RailExportOptions = z.input<typeof exportOptionsSchema>;

export const RAIL_EXPORT_OPTIONS = Symbol('RAIL_EXPORT_OPTIONS');

/** Validates the options and applies the defaults; a wrong key stops start-up with a message naming it. */
export function resolveExportOptions(
  options: RailExportOptions,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedExportOptions {
  return withSigningSecret(parseOptions(exportOptionsSchema, options, 'RailExportModule options'), env);
}

/** The signing secret of download links: the development one outside production only, a strong one in it. */
export function withSigningSecret(
  data: z.output<typeof exportOptionsSchema>,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedExportOptions {
  const production = data.production ?? env.NODE_ENV === 'production';
  const secret = data.signingSecret ?? (production ? undefined : DEVELOPMENT_EXPORT_SIGNING_SECRET);
  if (!secret || (production && secret === DEVELOPMENT_EXPORT_SIGNING_SECRET)) {
    throw invalidOptions('RailExportModule options', [
      {
        path: ['signingSecret'],
        expected: 'production needs its own secret for download links (32+ random characters)',
        received: { value: data.signingSecret },
      },
    ]);
  }
  if (production) assertStrongSecret('RailExportModule option "signingSecret"', secret);
  return { ...data, signingSecret: secret };
}
