import { RailConfigurationError } from '@rail/core';
import { resolveTasksOptions } from './rail-tasks.options.js';

describe('RailTasksModule options', () => {
  it('defaults to the inline backend with bounded concurrency', () => {
    expect(resolveTasksOptions({})).toMatchObject({
      backend: 'inline',
      concurrency: 2,
      worker: true,
      defaults: { retries: 0, backoff: 'exponential', backoffMs: 1000, timeoutMs: 600_000 },
    });
  });

  it('refuses the bull backend without Redis, naming the key', () => {
    expect(() => resolveTasksOptions({ backend: 'bull' })).toThrow(RailConfigurationError);
    expect(() => resolveTasksOptions({ backend: 'bull' })).toThrow(/"redisUrl"/);
  });

  it('refuses unknown keys and out-of-range values', () => {
    expect(() => resolveTasksOptions({ concurency: 3 } as never)).toThrow(/concurency/);
    expect(() => resolveTasksOptions({ concurrency: 0 })).toThrow(/"concurrency"/);
  });
});
