import type { BenchOperation } from './operations.mjs';

export function floorData(
  operation: BenchOperation,
  rows: Array<Record<string, unknown>>,
): Record<string, unknown>;
