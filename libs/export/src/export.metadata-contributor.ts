import { Inject } from '@nestjs/common';
import {
  RailExtension,
  RailExtensionPoint,
  type ModelDescriptor,
  type ModelMetadataContributor,
} from '@rail/core';
import { exportableOf } from './exportable.decorator.js';
import { RAIL_EXPORT_OPTIONS, type ResolvedExportOptions } from './rail-export.options.js';

/**
 * Adds to each exportable model's metadata the fields an export may contain
 * (`export: { fields: ['id', 'name', 'category.name'] }`); a model that
 * cannot be exported gets no entry.
 */
@RailExtension(RailExtensionPoint.ModelMetadataContributor)
export class ExportMetadataContributor implements ModelMetadataContributor {
  readonly key = 'export';

  constructor(@Inject(RAIL_EXPORT_OPTIONS) private readonly options: ResolvedExportOptions) {}

  contribute(model: ModelDescriptor): Readonly<Record<string, unknown>> | undefined {
    const allowed = this.options.models[model.name] ?? exportableOf(model.target);
    if (!allowed) return undefined;
    return { fields: [...allowed.fields], ...(allowed.maxRows ? { maxRows: allowed.maxRows } : {}) };
  }
}
