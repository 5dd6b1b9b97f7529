// The range forms the libraries' manifests use, read as npm reads them
// (node-semver's caret, tilde and comparison rules), so that a test can say
// whether an installed version satisfies a declared range. The root's semver
// is a transitive dependency at an old major; a few lines are surer than
// leaning on it.

type Version = readonly [number, number, number];

function parse(version: string): Version | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** The exclusive upper bound of `^floor`: the next change of the first non-zero part. */
function caretCeiling([major, minor, patch]: Version): Version {
  if (major > 0) return [major + 1, 0, 0];
  if (minor > 0) return [0, minor + 1, 0];
  return [0, 0, patch + 1];
}

function satisfiesOne(version: Version, range: string): boolean | 'unsupported' {
  const match = /^(\^|~|>=|=)?\s*(\S+)$/.exec(range.trim());
  const floor = match ? parse(match[2]) : undefined;
  if (!match || !floor) return 'unsupported';
  const operator = match[1] ?? '=';
  if (operator === '=') return compare(version, floor) === 0;
  if (compare(version, floor) < 0) return false;
  if (operator === '>=') return true;
  const ceiling: Version = operator === '^' ? caretCeiling(floor) : [floor[0], floor[1] + 1, 0];
  return compare(version, ceiling) < 0;
}

/**
 * Whether `version` (plain `x.y.z`, no pre-release) satisfies `range`: `^x.y.z`,
 * `~x.y.z`, `>=x.y.z`, an exact version, or alternatives joined by `||`.
 * Any other form is `'unsupported'`, for the caller to report rather than guess.
 */
export function satisfiesRange(version: string, range: string): boolean | 'unsupported' {
  const parsed = parse(version);
  if (!parsed) return 'unsupported';
  const answers = range.split('||').map((alternative) => satisfiesOne(parsed, alternative));
  if (answers.includes('unsupported')) return 'unsupported';
  return answers.includes(true);
}
