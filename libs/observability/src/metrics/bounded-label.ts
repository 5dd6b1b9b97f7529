/** The label value that stands for every value past a {@link BoundedLabel}'s cap. */
export const OTHER_LABEL = '(other)';

const MAX_VALUE_LENGTH = 64;

/**
 * Keeps a metric label's distinct values bounded, so that values a client
 * chooses (GraphQL operation names) cannot create series without end: the
 * first `limit` values seen keep their own, later ones become `(other)`.
 * Values given as `known` always keep theirs and do not count against the cap.
 */
export class BoundedLabel {
  private readonly known: ReadonlySet<string>;
  private readonly admitted = new Set<string>();

  constructor(
    private readonly limit: number,
    known: Iterable<string> = [],
  ) {
    this.known = new Set(known);
  }

  value(candidate: string): string {
    const value = candidate.length > MAX_VALUE_LENGTH ? candidate.slice(0, MAX_VALUE_LENGTH) : candidate;
    if (this.known.has(value) || this.admitted.has(value)) return value;
    if (this.admitted.size >= this.limit) return OTHER_LABEL;
    this.admitted.add(value);
    return value;
  }
}
