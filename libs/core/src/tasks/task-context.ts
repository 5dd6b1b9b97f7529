/** What a running handler knows about its task and how it talks back. */
export interface TaskContext {
  readonly taskId: string;
  readonly name: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly createdBy: string | null;
  readonly companyId: string | null;
  /** Aborted when the task is cancelled or runs out of time: stop, and return or throw. */
  readonly signal: AbortSignal;
  /** Reports progress, 0–100 (stored at most a few times a second). */
  progress(percent: number): Promise<void>;
}

export type TaskHandlerFunction = (payload: unknown, context: TaskContext) => unknown;
