/**
 * The first inheritance cycle among `parents` (role → the roles it inherits),
 * as the path that closes it, e.g. `['a', 'b', 'a']`; `undefined` when there is
 * none. Roles are visited in map order, so the same config names the same cycle.
 */
export function findInheritanceCycle(parents: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const finished = new Set<string>();
  const path: string[] = [];

  const visit = (role: string): string[] | undefined => {
    const start = path.indexOf(role);
    if (start >= 0) return [...path.slice(start), role];
    if (finished.has(role) || !parents.has(role)) return undefined;
    path.push(role);
    for (const parent of parents.get(role) ?? []) {
      const cycle = visit(parent);
      if (cycle) return cycle;
    }
    path.pop();
    finished.add(role);
    return undefined;
  };

  for (const role of parents.keys()) {
    const cycle = visit(role);
    if (cycle) return cycle;
  }
  return undefined;
}
