import { Logger } from '@nestjs/common';
import { LifecycleState } from './lifecycle-state.service.js';
import { resolveHealthOptions } from './rail-health.options.js';

describe('LifecycleState', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('is starting until the bootstrap hooks, then started', () => {
    const state = new LifecycleState(resolveHealthOptions({}));
    expect(state.phase).toBe('starting');
    state.onApplicationBootstrap();
    expect(state.phase).toBe('started');
  });

  it('is shutting down from the first shutdown hook on, and stays so', async () => {
    const state = new LifecycleState(resolveHealthOptions({}));
    state.onApplicationBootstrap();
    state.onModuleDestroy();
    expect(state.phase).toBe('shutting_down');
    await state.beforeApplicationShutdown('SIGTERM');
    expect(state.phase).toBe('shutting_down');
    state.onApplicationBootstrap();
    expect(state.phase).toBe('shutting_down');
  });

  it('holds the shutdown for the drain delay, already shutting down while it waits', async () => {
    const state = new LifecycleState(resolveHealthOptions({ shutdownDelayMs: 300 }));
    state.onApplicationBootstrap();
    const started = performance.now();
    const shutdown = state.beforeApplicationShutdown();
    expect(state.phase).toBe('shutting_down');
    await shutdown;
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });
});
