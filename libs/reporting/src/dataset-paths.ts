import { RailError, RailErrorCode, type ModelRegistry } from '@rail/core';
import type { ReportDataset } from './report-dataset.js';

/**
 * Refuses a dataset whose dimension or metric path names no readable field
 * (through to-one relations), such as an excluded `User.passwordHash`: said
 * when the definition is saved, not first when someone runs it. Field
 * policies are still applied per caller when it runs.
 */
export function assertDatasetPaths(dataset: ReportDataset, registry: ModelRegistry): void {
  const paths = [
    ...Object.entries(dataset.dimensions).map(([name, dimension]) => [
      `dimensions.${name}.path`,
      dimension.path,
    ]),
    ...Object.entries(dataset.metrics).flatMap(([name, metric]) => [
      ...(metric.path ? [[`metrics.${name}.path`, metric.path]] : []),
      ...(metric.times ? [[`metrics.${name}.times`, metric.times]] : []),
    ]),
  ];
  for (const [at, path] of paths) {
    if (!isReadablePath(registry, dataset.model, path)) {
      throw new RailError(
        RailErrorCode.BAD_USER_INPUT,
        `definition.${at}: ${dataset.model} has no field ${JSON.stringify(path)}`,
        { field: `definition.${at}` },
      );
    }
  }
}

function isReadablePath(registry: ModelRegistry, modelName: string, path: string): boolean {
  const segments = path.split('.');
  let model = registry.get(modelName);
  for (const segment of segments.slice(0, -1)) {
    const relation = model.relations.get(segment);
    if (!relation || relation.cardinality !== 'one') return false;
    model = registry.get(relation.target);
  }
  return model.fields.get(segments.at(-1) ?? '')?.readable === true;
}
