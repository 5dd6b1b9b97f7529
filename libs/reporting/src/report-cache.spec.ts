import { ReportCache } from './report-cache.js';

describe('ReportCache', () => {
  it('keeps a result for its TTL only', () => {
    const cache = new ReportCache<number>(30);
    cache.set('a', 'sales', 1, 1_000);
    expect(cache.get('a', 30_999)).toBe(1);
    expect(cache.get('a', 31_000)).toBeUndefined();
  });

  it('clears the entries of the datasets a write touched, and keeps the others', () => {
    const cache = new ReportCache<number>(30);
    cache.set('a', 'sales', 1, 0);
    cache.set('b', 'stock', 2, 0);
    cache.clearDatasets(new Set(['sales']));
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.get('b', 1)).toBe(2);
  });

  it('stores nothing when off', () => {
    const cache = new ReportCache<number>(0);
    cache.set('a', 'sales', 1, 0);
    expect(cache.get('a', 0)).toBeUndefined();
  });
});
