import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { AuthThrottle } from '../entities/auth-throttle.entity.js';
import {
  lockSecondsFor,
  type ThrottleClaim,
  type ThrottlePolicy,
  type ThrottleStore,
} from './throttle.store.js';

/**
 * Counters in the `auth_throttle` table. Each claim is one upsert (SQLite and
 * PostgreSQL alike), so the check "not locked" and the count happen in the
 * same atomic statement: concurrent attempts serialise on the row.
 */
export class DatabaseThrottleStore implements ThrottleStore {
  constructor(private readonly dataSource: DataSource) {}

  async lockedUntil(keys: readonly string[]): Promise<number> {
    const rows = await this.dataSource.getRepository(AuthThrottle).find({ where: { key: In([...keys]) } });
    return Math.max(0, ...rows.map((row) => row.lockedUntil?.getTime() ?? 0));
  }

  async claim(key: string, policy: ThrottlePolicy): Promise<ThrottleClaim> {
    const now = new Date();
    const lockEnds = possibleLockEnds(now, policy);
    const parameters: Record<string, unknown> = {
      key,
      now,
      windowStart: new Date(now.getTime() - policy.windowSeconds * 1000),
      max: policy.maxFailures,
      firstLock: policy.maxFailures <= 1 ? lockEnds[0] : null,
      ...Object.fromEntries(lockEnds.map((end, step) => [`lock${step}`, end])),
    };
    // The count after this attempt: a window that has run out starts again at 1.
    const count = `(CASE WHEN "auth_throttle"."window_started_at" < :windowStart THEN 1 ELSE "auth_throttle"."failures" + 1 END)`;
    // PostgreSQL types a CASE of parameters only as text; SQLite stores timestamps as text anyway.
    const stamp = (name: string): string =>
      this.dataSource.options.type === 'postgres' ? `CAST(:${name} AS timestamptz)` : `:${name}`;
    const steps = lockEnds
      .slice(0, -1)
      .map((_, step) => `WHEN ${step} THEN ${stamp(`lock${step}`)}`)
      .join(' ');
    const lockAfter = `CASE WHEN ${count} < :max THEN NULL ELSE CASE ${count} - :max ${steps} ELSE ${stamp(`lock${lockEnds.length - 1}`)} END END`;
    // The WHERE of DO UPDATE leaves a locked row alone, and then RETURNING returns nothing: refused.
    const sql = `INSERT INTO "auth_throttle" ("key", "failures", "window_started_at", "locked_until")
      VALUES (:key, 1, :now, ${stamp('firstLock')})
      ON CONFLICT ("key") DO UPDATE SET
        "failures" = ${count},
        "window_started_at" = CASE WHEN "auth_throttle"."window_started_at" < :windowStart THEN :now ELSE "auth_throttle"."window_started_at" END,
        "locked_until" = ${lockAfter}
      WHERE "auth_throttle"."locked_until" IS NULL OR "auth_throttle"."locked_until" <= :now
      RETURNING "failures"`;
    const [query, values] = this.dataSource.driver.escapeQueryWithParameters(sql, parameters);
    const [row] = await this.dataSource.query<Array<{ failures: number | string }>>(query, values);
    if (!row) return { counted: false, lockedUntil: await this.lockedUntil([key]) };
    return { counted: true, locked: lockSecondsFor(Number(row.failures), policy) > 0 };
  }

  async refund(key: string, policy: ThrottlePolicy, liftLock: boolean): Promise<void> {
    const lock = liftLock ? 'NULL' : `CASE WHEN "failures" - 1 < :max THEN NULL ELSE "locked_until" END`;
    const [query, values] = this.dataSource.driver.escapeQueryWithParameters(
      `UPDATE "auth_throttle" SET "failures" = CASE WHEN "failures" > 0 THEN "failures" - 1 ELSE 0 END, "locked_until" = ${lock} WHERE "key" = :key`,
      { key, max: policy.maxFailures },
    );
    await this.dataSource.query(query, values);
  }

  async reset(key: string): Promise<void> {
    await this.dataSource.getRepository(AuthThrottle).delete({ key });
  }
}

/**
 * Every lock end a claim at `now` can set, computed here so that the SQL only
 * picks one by the count: the lock of the maximum-th failure, doubled per
 * failure beyond it, the last entry being the cap.
 */
function possibleLockEnds(now: Date, policy: ThrottlePolicy): Date[] {
  const ends: Date[] = [];
  for (let step = 0; ; step++) {
    const seconds = lockSecondsFor(policy.maxFailures + step, policy);
    ends.push(new Date(now.getTime() + seconds * 1000));
    if (seconds >= policy.maxLockSeconds) return ends;
  }
}
