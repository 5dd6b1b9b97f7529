import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { AuthThrottle } from '../entities/auth-throttle.entity.js';
import { lockSecondsFor, type ThrottlePolicy, type ThrottleStore } from './throttle.store.js';

/** Counters in the `auth_throttle` table, with row locks on PostgreSQL so that concurrent failures all count. */
export class DatabaseThrottleStore implements ThrottleStore {
  constructor(private readonly dataSource: DataSource) {}

  async lockedUntil(keys: readonly string[]): Promise<number> {
    const rows = await this.dataSource.getRepository(AuthThrottle).find({ where: { key: In([...keys]) } });
    return Math.max(0, ...rows.map((row) => row.lockedUntil?.getTime() ?? 0));
  }

  async recordFailure(key: string, policy: ThrottlePolicy): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(AuthThrottle);
      const now = new Date();
      const query = repository.createQueryBuilder('t').where('t.key = :key', { key });
      if (this.dataSource.options.type === 'postgres') query.setLock('pessimistic_write');
      const row =
        (await query.getOne()) ??
        Object.assign(new AuthThrottle(), { key, failures: 0, windowStartedAt: now, lockedUntil: null });
      const locked = row.lockedUntil !== null && row.lockedUntil > now;
      if (!locked && now.getTime() - row.windowStartedAt.getTime() > policy.windowSeconds * 1000) {
        row.failures = 0;
        row.windowStartedAt = now;
      }
      row.failures += 1;
      const seconds = lockSecondsFor(row.failures, policy);
      if (seconds > 0) row.lockedUntil = new Date(now.getTime() + seconds * 1000);
      await repository.save(row);
      return seconds > 0;
    });
  }

  async reset(key: string): Promise<void> {
    await this.dataSource.getRepository(AuthThrottle).delete({ key });
  }
}
