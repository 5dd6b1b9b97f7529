import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';

export interface EventLoopDelay {
  readonly meanMs: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface ProcessSnapshot {
  readonly uptimeSeconds: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  readonly heapTotalBytes: number;
  /** Over the current window (the previous one while the current has no samples yet). */
  readonly eventLoopDelay: EventLoopDelay;
}

/** Event-loop delay is measured in windows of this length, so that an old stall does not linger in the figures. */
const WINDOW_MS = 60_000;
const NS_PER_MS = 1e6;

/** Memory, uptime and event-loop delay (perf_hooks) of this process. */
@Injectable()
export class ProcessMetrics implements OnModuleInit, OnApplicationShutdown {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private previous: EventLoopDelay = { meanMs: 0, p99Ms: 0, maxMs: 0 };
  private rotation: NodeJS.Timeout | undefined;

  onModuleInit(): void {
    this.histogram.enable();
    this.rotation = setInterval(() => {
      if (this.histogram.count > 0) this.previous = this.current();
      this.histogram.reset();
    }, WINDOW_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.rotation);
    this.histogram.disable();
  }

  snapshot(): ProcessSnapshot {
    const memory = process.memoryUsage();
    return {
      uptimeSeconds: Math.round(process.uptime() * 10) / 10,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      heapTotalBytes: memory.heapTotal,
      eventLoopDelay: this.histogram.count > 0 ? this.current() : this.previous,
    };
  }

  private current(): EventLoopDelay {
    const round = (ns: number) => Math.round((ns / NS_PER_MS) * 100) / 100;
    return {
      meanMs: round(this.histogram.mean),
      p99Ms: round(this.histogram.percentile(99)),
      maxMs: round(this.histogram.max),
    };
  }
}
