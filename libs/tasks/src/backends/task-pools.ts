/**
 * Bounded slots per queue: a task waits for a slot of its own queue only, so
 * a queue full of slow work (deliveries to a slow receiver) never delays
 * another queue's tasks. In-process; the inline backend's scheduler.
 */
export class TaskPools {
  private readonly waiting = new Map<string, string[]>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly busy = new Map<string, number>();
  private stopped = false;

  constructor(
    private readonly slots: ReadonlyMap<string, number>,
    private readonly fallbackSlots: number,
    private readonly run: (taskId: string) => Promise<void>,
  ) {}

  /** Queues a task; it runs when its queue has a free slot. */
  add(queue: string, taskId: string): void {
    if (this.stopped) return;
    const waiting = this.waiting.get(queue) ?? [];
    waiting.push(taskId);
    this.waiting.set(queue, waiting);
    this.pump(queue);
  }

  /** Ids of the tasks running now. */
  get runningIds(): string[] {
    return [...this.running.keys()];
  }

  /** Drops the waiting tasks (their rows stay PENDING) and resolves when the running ones end. */
  stop(): Promise<void> {
    this.stopped = true;
    this.waiting.clear();
    return Promise.all(this.running.values()).then(() => undefined);
  }

  private pump(queue: string): void {
    const limit = this.slots.get(queue) ?? this.fallbackSlots;
    const waiting = this.waiting.get(queue) ?? [];
    while (!this.stopped && (this.busy.get(queue) ?? 0) < limit && waiting.length > 0) {
      const taskId = waiting.shift()!;
      this.busy.set(queue, (this.busy.get(queue) ?? 0) + 1);
      const done = this.run(taskId).finally(() => {
        this.running.delete(taskId);
        this.busy.set(queue, (this.busy.get(queue) ?? 1) - 1);
        this.pump(queue);
      });
      this.running.set(taskId, done);
    }
  }
}
