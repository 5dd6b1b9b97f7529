import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RailConfigurationError } from '@rail/core';
import { resolveReportingOptions } from './rail-reporting.options.js';

const hasPermission = () => true;
const dataset = {
  code: 'sales',
  model: 'Order',
  permission: 'report.run',
  dimensions: { month: { path: 'createdAt', transform: 'month' as const } },
  metrics: { orders: { fn: 'count' as const } },
};

describe('report datasets', () => {
  it('reads datasets from code and a YAML file, with defaults', () => {
    const file = join(tmpdir(), `rail-reports-${process.pid}.yml`);
    writeFileSync(
      file,
      'datasets:\n  - code: stock\n    model: Product\n    permission: report.run\n    dimensions: { status: { path: status } }\n    metrics: { stock: { fn: sum, path: stock } }\n',
    );
    const resolved = resolveReportingOptions({ datasets: [dataset], datasetsFile: file, hasPermission });
    expect([...resolved.datasets.keys()]).toEqual(['sales', 'stock']);
    expect(resolved.datasets.get('stock')?.maxBuckets).toBe(1000);
    expect(resolved.cacheTtlSeconds).toBe(0);
  });

  it.each([
    [{ ...dataset, metrics: { orders: { fn: 'median' } } }, /metrics\.orders\.fn/],
    [
      { ...dataset, dimensions: { month: { path: 'createdAt', transform: 'fortnight' } } },
      /dimensions\.month\.transform/,
    ],
    [{ ...dataset, code: 'Bad Code' }, /"code"/],
    [{ ...dataset, defaultMetrics: ['revenue'] }, /the default revenue is not defined/],
    [{ ...dataset, maxBuckets: 0 }, /maxBuckets/],
  ])('refuses a bad dataset, naming the key (%#)', (input, message) => {
    expect(() => resolveReportingOptions({ datasets: [input as never], hasPermission })).toThrow(
      RailConfigurationError,
    );
    expect(() => resolveReportingOptions({ datasets: [input as never], hasPermission })).toThrow(message);
  });

  it('refuses two datasets with one code, and a missing file', () => {
    expect(() => resolveReportingOptions({ datasets: [dataset, dataset], hasPermission })).toThrow(
      /Two report datasets/,
    );
    expect(() =>
      resolveReportingOptions({ datasetsFile: '/nonexistent/reports.yml', hasPermission }),
    ).toThrow(/cannot be read/);
  });
});
