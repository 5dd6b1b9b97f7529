// Whether Rail and the floor answered with the same data: a ratio between two
// servers that returned different rows would mean nothing.

/** JSON with object keys sorted, so that key order (column order) does not count. */
function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical(value[key])]),
  );
}

export function sameData(left, right) {
  return JSON.stringify(canonical(left)) === JSON.stringify(canonical(right));
}
