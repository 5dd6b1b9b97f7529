import { RailConfigurationError } from '@rail/core';
import { queueConcurrency, resolveTasksOptions } from './rail-tasks.options.js';

describe('RailTasksModule options', () => {
  it('defaults to the inline backend with bounded concurrency', () => {
    expect(resolveTasksOptions({})).toMatchObject({
      backend: 'inline',
      concurrency: 2,
      worker: true,
      defaults: { retries: 0, backoff: 'exponential', backoffMs: 1000, timeoutMs: 600_000 },
    });
  });

  it('refuses the redis backend without Redis, naming the key', () => {
    expect(() => resolveTasksOptions({ backend: 'redis' })).toThrow(RailConfigurationError);
    expect(() => resolveTasksOptions({ backend: 'bull' })).toThrow(/"redisUrl"/);
  });

  it('takes `bull`, the former name, as the redis backend', () => {
    expect(resolveTasksOptions({ backend: 'bull', redisUrl: 'redis://r:6379' }).backend).toBe('redis');
  });

  it("gives each queue its slots: configured, else the handler's, else the default concurrency", () => {
    const options = resolveTasksOptions({ concurrency: 3, queues: { webhooks: { concurrency: 5 } } });
    const handlerQueues = new Map([
      ['webhooks', 8],
      ['reports', undefined],
      ['mail', 6],
    ]);
    expect([...queueConcurrency(options, handlerQueues)]).toEqual([
      ['default', 3],
      ['webhooks', 5],
      ['reports', 3],
      ['mail', 6],
    ]);
    expect(() => resolveTasksOptions({ queues: { default: { concurrency: 1 } } })).toThrow(/queues.default/);
    expect(() => resolveTasksOptions({ queues: { 'a:b': { concurrency: 1 } } })).toThrow(/queues/);
  });

  it('refuses a heartbeat as long as the lease', () => {
    expect(() => resolveTasksOptions({ leaseMs: 1000, heartbeatMs: 1000 })).toThrow(/"heartbeatMs"/);
  });

  it('refuses unknown keys and out-of-range values', () => {
    expect(() => resolveTasksOptions({ concurency: 3 } as never)).toThrow(/concurency/);
    expect(() => resolveTasksOptions({ concurrency: 0 })).toThrow(/"concurrency"/);
  });
});
