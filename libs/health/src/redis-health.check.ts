import { setTimeout as sleep } from 'node:timers/promises';
import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { railRedisClientOptions, type ReadinessCheck } from '@rail/core';
import { Redis } from 'ioredis';

/**
 * Pings Redis over a connection of its own. Commands are never queued while
 * the connection is down (`enableOfflineQueue: false`), so a ping during an
 * outage fails at once instead of waiting for a reconnect; ioredis keeps
 * reconnecting in the background.
 */
export class RedisHealthCheck implements ReadinessCheck, OnModuleInit, OnApplicationShutdown {
  readonly name = 'redis';
  // Redis down: rate limits fail open, sign-in counts in the database, exports answer 503. The API
  // serves, and every instance shares this Redis: unready would take all of them out at once.
  readonly whenDown = 'degraded';
  private readonly logger = new Logger('Health');
  private readonly client: Redis;
  private lastError: string | undefined;

  constructor(url: string, timeoutMs: number) {
    this.client = new Redis(url, {
      ...railRedisClientOptions({ commandTimeoutMs: timeoutMs, connectTimeoutMs: timeoutMs }),
      lazyConnect: true,
      // disconnect() waits this long for a socket to close, even one already closed between reconnects.
      disconnectTimeout: 200,
    });
    // Without a listener ioredis prints every connection error; log each distinct one once.
    this.client.on('error', (error: Error) => {
      if (error.message === this.lastError) return;
      this.lastError = error.message;
      this.logger.warn(`Redis health connection: ${error.message}`);
    });
    this.client.on('ready', () => (this.lastError = undefined));
  }

  onModuleInit(): void {
    // Connected before the first probe; a failure is logged by the error listener and retried.
    this.client.connect().catch(() => undefined);
  }

  async check(): Promise<void> {
    await this.client.ping();
  }

  async onApplicationShutdown(): Promise<void> {
    // After the HTTP server has closed: no readiness request can still be using it.
    if (this.client.status === 'end') return;
    const ended = new Promise<void>((resolve) => this.client.once('end', () => resolve()));
    this.client.disconnect();
    // Only an open or opening socket has an 'end' to wait for; between reconnects there is none.
    if (this.client.status !== 'reconnecting')
      await Promise.race([ended, sleep(1000, undefined, { ref: false })]);
  }
}
