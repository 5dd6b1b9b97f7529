import { RailConfigurationError } from '@rail/core';
import { resolveHealthOptions } from './rail-health.options.js';

describe('resolveHealthOptions', () => {
  it('defaults to a 1 s timeout per component, no drain delay and no Redis', () => {
    expect(resolveHealthOptions({})).toEqual({ timeoutMs: 1000, shutdownDelayMs: 0 });
    expect(resolveHealthOptions({ redisUrl: undefined, timeoutMs: undefined })).toEqual({
      timeoutMs: 1000,
      shutdownDelayMs: 0,
    });
  });

  it('keeps what it is given', () => {
    expect(
      resolveHealthOptions({ redisUrl: 'rediss://cache:6380/2', timeoutMs: 1500, shutdownDelayMs: 5000 }),
    ).toEqual({ redisUrl: 'rediss://cache:6380/2', timeoutMs: 1500, shutdownDelayMs: 5000 });
  });

  it('names every wrong key, without printing a Redis password', () => {
    const resolve = () =>
      resolveHealthOptions({
        redisUrl: 'http://ops:hunter2@cache:6379',
        timeoutMs: Number('soon'),
        shutdownDelayMs: -1,
        ...({ shutdownDelay: 5 } as object),
      });
    expect(resolve).toThrow(RailConfigurationError);
    expect(resolve).toThrow(
      /"redisUrl": expected a redis:\/\/ or rediss:\/\/ URL, received "http:\/\/ops:\*\*\*@cache:6379"/,
    );
    expect(resolve).toThrow(/"timeoutMs": .*received NaN/);
    expect(resolve).toThrow(/"shutdownDelayMs": .*received -1/);
    expect(resolve).toThrow(/"shutdownDelay" is not a known option/);
    expect(resolve).not.toThrow(/hunter2/);
  });
});
