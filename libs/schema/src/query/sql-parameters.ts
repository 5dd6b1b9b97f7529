/**
 * Named parameters of one statement. Every value a client sends goes through
 * here as a bound parameter; no user text is ever spliced into SQL.
 */
export class SqlParameters {
  private next = 0;
  readonly values: Record<string, unknown> = {};

  add(value: unknown): string {
    const name = `p${this.next++}`;
    this.values[name] = value;
    return `:${name}`;
  }

  addList(values: readonly unknown[]): string {
    const name = `p${this.next++}`;
    this.values[name] = values;
    return `(:...${name})`;
  }
}
