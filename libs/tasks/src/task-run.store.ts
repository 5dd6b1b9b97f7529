import {
  Brackets,
  type DataSource,
  In,
  IsNull,
  LessThan,
  LessThanOrEqual,
  Like,
  type QueryDeepPartialEntity,
  type WhereExpressionBuilder,
} from 'typeorm';
import { TaskRun, type TaskStatus } from './task-run.entity.js';

/** Who may start an attempt, and which RUNNING rows it may take over. */
export interface AttemptLease {
  /** This inline instance's id, or `job:<id>` for a BullMQ job. */
  readonly owner: string;
  /**
   * `expired`: a RUNNING row whose lease ran out (its instance died), inline.
   * `same-owner`: a RUNNING row of the same job (BullMQ runs a stalled job
   * again; its lock guarantees one worker at a time).
   */
  readonly takeover: 'expired' | 'same-owner';
  /** Inline: how long the claim lasts without a heartbeat. */
  readonly leaseMs?: number;
}

/** Outcome columns the runner writes. */
export type TaskOutcomeValues = QueryDeepPartialEntity<TaskRun>;

/**
 * Every conditional write of a task's life: claims, heartbeats, outcomes. Each
 * is one UPDATE whose WHERE says who may make it, so two instances (or a
 * runner that lost its lease) can race without a lock: the database lets
 * exactly one win and reports how many rows changed.
 */
export class TaskRunStore {
  constructor(private readonly dataSource: DataSource) {}

  /** PENDING, or RUNNING and left by its runner as `lease` allows taking over. */
  private claimable(lease: AttemptLease, now: Date): Brackets {
    return new Brackets((where: WhereExpressionBuilder) => {
      where.where({ status: 'PENDING' });
      if (lease.takeover === 'same-owner') {
        where.orWhere({ status: 'RUNNING', leaseOwner: lease.owner });
        return;
      }
      where.orWhere({ status: 'RUNNING', leaseExpiresAt: LessThan(now) });
      // A row left RUNNING by a version without leases: abandoned once quiet for a lease.
      where.orWhere({
        status: 'RUNNING',
        leaseExpiresAt: IsNull(),
        updatedAt: LessThan(new Date(now.getTime() - (lease.leaseMs ?? 0))),
      });
    });
  }

  /**
   * Starts an attempt: counts it before the handler runs (so an attempt that
   * kills its process counts), and only while attempts are left. True when
   * this caller won the row.
   */
  async claim(taskId: string, lease: AttemptLease): Promise<boolean> {
    const now = new Date();
    const result = await this.dataSource
      .createQueryBuilder()
      .update(TaskRun)
      .set({
        status: 'RUNNING',
        attempts: () => 'attempts + 1',
        startedAt: now,
        error: null,
        leaseOwner: lease.owner,
        leaseExpiresAt: lease.leaseMs === undefined ? null : new Date(now.getTime() + lease.leaseMs),
        heartbeatAt: now,
      })
      .where(this.claimable(lease, now))
      .andWhere({ id: taskId, cancelRequestedAt: IsNull() })
      .andWhere('attempts < max_attempts')
      .execute();
    return result.affected === 1;
  }

  /**
   * A row the claim refused although claimable: cancelled while its runner
   * was gone (→ CANCELLED), or out of attempts (→ FAILED, the last attempt
   * having died with its process). Returns the status it ended in, if any.
   */
  async settleUnrunnable(taskId: string, lease: AttemptLease): Promise<TaskStatus | null> {
    const now = new Date();
    const end = async (status: TaskStatus, condition: string, error?: string): Promise<boolean> => {
      const result = await this.dataSource
        .createQueryBuilder()
        .update(TaskRun)
        .set({ status, finishedAt: now, leaseOwner: null, leaseExpiresAt: null, ...(error ? { error } : {}) })
        .where(this.claimable(lease, now))
        .andWhere({ id: taskId })
        .andWhere(condition)
        .execute();
      return result.affected === 1;
    };
    if (await end('CANCELLED', 'cancel_requested_at IS NOT NULL')) return 'CANCELLED';
    if (await end('FAILED', 'attempts >= max_attempts', INTERRUPTED_LAST_ATTEMPT)) return 'FAILED';
    return null;
  }

  /** Writes the attempt's outcome (or progress) if `owner` still holds the running row. */
  async updateOwned(taskId: string, owner: string, values: TaskOutcomeValues): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(TaskRun)
      .update({ id: taskId, status: 'RUNNING', leaseOwner: owner }, values);
    return result.affected === 1;
  }

  /** Renews the leases of the rows `owner` runs; returns the ids it still holds. */
  async renewLeases(owner: string, taskIds: readonly string[], leaseMs: number): Promise<void> {
    if (taskIds.length === 0) return;
    const now = new Date();
    await this.dataSource
      .getRepository(TaskRun)
      .update(
        { id: In([...taskIds]), status: 'RUNNING', leaseOwner: owner },
        { heartbeatAt: now, leaseExpiresAt: new Date(now.getTime() + leaseMs) },
      );
  }

  /** Lets another instance take these over at once (this one is shutting down without finishing them). */
  async releaseLeases(owner: string, taskIds: readonly string[]): Promise<void> {
    if (taskIds.length === 0) return;
    await this.dataSource
      .getRepository(TaskRun)
      .update(
        { id: In([...taskIds]), status: 'RUNNING', leaseOwner: owner },
        { leaseExpiresAt: new Date(0) },
      );
  }

  /** Ends a RUNNING row FAILED because what ran it is gone (a failed or vanished BullMQ job). */
  async failLost(taskId: string, owner: string, reason: string): Promise<boolean> {
    return this.updateOwned(taskId, owner, {
      status: 'FAILED',
      error: reason.slice(0, 1000),
      finishedAt: new Date(),
      leaseOwner: null,
      leaseExpiresAt: null,
    });
  }

  /** PENDING rows due before `until`, oldest first. */
  duePending(until: Date, take = 100): Promise<Array<Pick<TaskRun, 'id' | 'name' | 'runAt' | 'attempts'>>> {
    return this.dataSource.getRepository(TaskRun).find({
      where: { status: 'PENDING', runAt: LessThanOrEqual(until) },
      select: { id: true, name: true, runAt: true, attempts: true },
      order: { runAt: 'ASC' },
      take,
    });
  }

  /** Inline: RUNNING rows whose lease has run out (their instance died). */
  expiredRunning(now: Date, leaseMs: number, take = 100): Promise<Array<Pick<TaskRun, 'id' | 'name'>>> {
    return this.dataSource.getRepository(TaskRun).find({
      where: [
        { status: 'RUNNING', leaseExpiresAt: LessThan(now) },
        {
          status: 'RUNNING',
          leaseExpiresAt: IsNull(),
          updatedAt: LessThan(new Date(now.getTime() - leaseMs)),
        },
      ],
      select: { id: true, name: true },
      take,
    });
  }

  /** Redis: RUNNING rows run by a job (owner `<prefix><job id>`), to check that their job still exists. */
  runningJobs(prefix: string, take = 200): Promise<Array<Pick<TaskRun, 'id' | 'name' | 'leaseOwner'>>> {
    return this.dataSource.getRepository(TaskRun).find({
      where: { status: 'RUNNING', leaseOwner: Like(`${prefix}%`) },
      select: { id: true, name: true, leaseOwner: true },
      take,
    });
  }
}

export const INTERRUPTED_LAST_ATTEMPT =
  'The task stopped with its process on its last attempt (the process was killed or crashed)';
