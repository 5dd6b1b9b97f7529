/**
 * Report results per dataset, company, user and arguments, for a TTL. The
 * user is part of the key because row scopes and field policies can differ
 * between users of one company; writes to any model a dataset reads clear
 * that dataset's entries.
 */
export class ReportCache<T> {
  private readonly entries = new Map<
    string,
    { readonly dataset: string; readonly expires: number; readonly value: T }
  >();

  constructor(private readonly ttlSeconds: number) {}

  get enabled(): boolean {
    return this.ttlSeconds > 0;
  }

  get(key: string, now = Date.now()): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, dataset: string, value: T, now = Date.now()): void {
    if (!this.enabled) return;
    this.entries.set(key, { dataset, expires: now + this.ttlSeconds * 1000, value });
  }

  clearDatasets(datasets: ReadonlySet<string>): void {
    for (const [key, entry] of this.entries) if (datasets.has(entry.dataset)) this.entries.delete(key);
  }
}
