import type { FilterOperands } from './filter-tree.js';

interface Slot {
  readonly name: string;
  readonly path: string;
  /** The parameter's value from the operand found under `path` (a Date, a LIKE pattern, a key). */
  readonly derive: (operand: unknown) => unknown;
}

/**
 * Named parameters of one statement. Every value a client sends goes through
 * here as a bound parameter; no user text is ever spliced into SQL. A client
 * filter's values are slots, bound from the request's operands each time the
 * statement runs, so that a compiled statement serves every request of its
 * shape; a scope's values are constants of the compiled statement.
 */
export class SqlParameters {
  private next = 0;
  private readonly constants: Record<string, unknown> = {};
  private readonly slots: Slot[] = [];
  /** The operands of the filters this statement was compiled from: its values when run as compiled. */
  private readonly compiledWith = new Map<string, unknown>();

  add(value: unknown): string {
    const name = `p${this.next++}`;
    this.constants[name] = value;
    return `:${name}`;
  }

  addList(values: readonly unknown[]): string {
    const name = `p${this.next++}`;
    this.constants[name] = values;
    return `(:...${name})`;
  }

  slot(path: string, derive: (operand: unknown) => unknown): string {
    const name = `p${this.next++}`;
    this.slots.push({ name, path, derive });
    return `:${name}`;
  }

  slotList(path: string, derive: (operand: unknown) => readonly unknown[]): string {
    const name = `p${this.next++}`;
    this.slots.push({ name, path, derive });
    return `(:...${name})`;
  }

  /** Keeps the operands of a filter compiled into this statement. */
  compiledFrom(operands: FilterOperands): void {
    for (const [path, operand] of operands) this.compiledWith.set(path, operand);
  }

  /** The statement's values with the given request's operands (by default, those it was compiled from). */
  bind(operands: FilterOperands = this.compiledWith): Record<string, unknown> {
    const values: Record<string, unknown> = { ...this.constants };
    for (const slot of this.slots) values[slot.name] = slot.derive(operands.get(slot.path));
    return values;
  }

  /** The values as compiled. */
  get values(): Record<string, unknown> {
    return this.bind();
  }
}
