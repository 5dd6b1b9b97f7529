import {
  RailError,
  RailErrorCode,
  GraphQLField,
  GraphQLModel,
  ModelAction,
  OwnedBy,
  PermissionPrefix,
  TenantScoped,
} from '@rail/core';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const taskStatuses = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

/**
 * One background task and its outcome: the durable record both backends
 * share. A row is the source of truth; the backend (inline or Redis) only
 * says when to run it.
 */
@GraphQLModel({
  name: 'Task',
  operations: ['retrieve', 'list', 'page'],
  defaultOrder: [{ createdAt: 'DESC' }],
})
// Everyone sees and cancels their own tasks (`task.*_own`), admins the company's.
@TenantScoped('companyId')
@OwnedBy('createdBy')
@PermissionPrefix('task')
@Entity({ name: 'task_run' })
@Index('idx_task_run_status_run_at', ['status', 'runAt'])
@Index('idx_task_run_company_id_created_at', ['companyId', 'createdAt'])
@Index('idx_task_run_created_by', ['createdBy'])
@Index('uq_task_run_name_idempotency_key', ['name', 'idempotencyKey'], { unique: true })
export class TaskRun {
  /** A UUID: task ids are handed to clients and must not be guessable. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** The `@TaskHandler` name. */
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @GraphQLField({ readOnly: true })
  @Column({ type: 'simple-enum', enum: taskStatuses, default: 'PENDING' })
  status!: TaskStatus;

  /** 0–100, as the handler reports it. */
  @Column({ type: 'integer', default: 0 })
  progress!: number;

  /** What the handler was given; kept out of the API (it may hold what only the server should see). */
  @GraphQLField({ exclude: true })
  @Column({ type: 'jsonb', nullable: true })
  payload!: unknown;

  @Column({ type: 'jsonb', nullable: true })
  result!: unknown;

  /** Why the last attempt failed, masked like API errors: a client error's message, else a generic one. */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  error!: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'integer', default: 1 })
  maxAttempts!: number;

  /** Backoff and timeout of the task, as enqueued. */
  @GraphQLField({ exclude: true })
  @Column({ type: 'jsonb', nullable: true })
  options!: { backoffMs?: number; backoff?: 'fixed' | 'exponential'; timeoutMs?: number } | null;

  /** `<company>/<key>`: the same key in another tenant is another task. */
  @GraphQLField({ exclude: true })
  @Column({ type: 'varchar', length: 300, nullable: true })
  idempotencyKey!: string | null;

  /** The user who enqueued it (`null` for the system). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  createdBy!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  companyId!: string | null;

  /** Not before: the delay, or the next retry after a backoff. */
  @Column({ type: 'timestamptz' })
  runAt!: Date;

  /** Set by `cancelTask` on a running task; the runner aborts the handler's signal when it sees it. */
  @Column({ type: 'timestamptz', nullable: true })
  cancelRequestedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  /**
   * Who runs the task while it is RUNNING: an inline instance's id, or
   * `job:<id>` for the BullMQ job running it. Every write of the attempt's
   * outcome is conditional on it, so a runner whose task was taken over
   * cannot overwrite the new attempt.
   */
  @GraphQLField({ exclude: true })
  @Column({ type: 'varchar', length: 120, nullable: true })
  leaseOwner!: string | null;

  /** Inline: renewed by the owner's heartbeat; once past, another instance may take the task over. */
  @GraphQLField({ exclude: true })
  @Column({ type: 'timestamptz', nullable: true })
  leaseExpiresAt!: Date | null;

  /** The owner's last sign of life (both backends). */
  @GraphQLField({ exclude: true })
  @Column({ type: 'timestamptz', nullable: true })
  heartbeatAt!: Date | null;

  /** Pending: cancelled at once. Running: the handler is told, and the task ends CANCELLED. */
  @ModelAction({ description: 'PENDING → CANCELLED at once; RUNNING → asked to stop, then CANCELLED' })
  cancel(): void {
    if (this.status === 'PENDING') {
      this.status = 'CANCELLED';
      this.finishedAt = new Date();
      return;
    }
    if (this.status === 'RUNNING') {
      this.cancelRequestedAt ??= new Date();
      return;
    }
    throw new RailError(RailErrorCode.BAD_USER_INPUT, `A ${this.status} task cannot be cancelled`, {
      status: this.status,
    });
  }
}
