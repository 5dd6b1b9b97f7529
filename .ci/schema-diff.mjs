// Classifies the differences between two versions of the API's SDL, for the
// schema snapshot test (committed file → generated schema) and for CI's check
// over history (.ci/schema-changes.mjs), so that both name a change in the same
// words and a reviewer sees at once whether clients break. Plain JS so that CI
// runs it without a build; its types are in schema-diff.d.mts for the tests.
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';

// graphql-inspector's NON_BREAKING is called SAFE here, the word a reviewer reads.
const LEVELS = new Map([
  [CriticalityLevel.Breaking, 'BREAKING'],
  [CriticalityLevel.Dangerous, 'DANGEROUS'],
  [CriticalityLevel.NonBreaking, 'SAFE'],
]);
const ORDER = ['BREAKING', 'DANGEROUS', 'SAFE'];

/** The trailer of a commit message that accepts the BREAKING changes the commit makes. */
export const ACKNOWLEDGMENT_TRAILER = 'Breaking-Schema-Change';

/** Every change from `before` to `after` (two SDL texts), the breaking ones first. */
export async function classifySchemaChanges(before, after) {
  const changes = await diff(buildSchema(before), buildSchema(after));
  return changes
    .map((change) => ({
      // A level this code does not know (a newer library) counts as breaking:
      // the check must fail closed, never let an unknown change through.
      level: LEVELS.get(change.criticality.level) ?? 'BREAKING',
      path: change.path ?? '(schema)',
      message: change.message,
    }))
    .sort((a, b) => ORDER.indexOf(a.level) - ORDER.indexOf(b.level) || a.path.localeCompare(b.path));
}

/** `BREAKING Product.price: Field 'price' was removed from object type 'Product'`. */
export function formatChange(change) {
  return `${change.level} ${change.path}: ${change.message}`;
}

/** `1 breaking, 0 dangerous, 2 safe`. */
export function countChanges(changes) {
  return ORDER.map(
    (level) => `${changes.filter((change) => change.level === level).length} ${level.toLowerCase()}`,
  ).join(', ');
}

/**
 * The decision for one commit's change of the SDL: `changes` is null when there is
 * no previous version to compare with (the file's first commit, or a shallow clone),
 * `acknowledgments` the reasons given in the commit's Breaking-Schema-Change trailers.
 */
export function judgeSchemaChange({ changes, acknowledgments }) {
  if (changes === null) return { pass: true, verdict: 'no previous version: nothing to compare' };
  const breaking = changes.filter((change) => change.level === 'BREAKING').length;
  if (breaking === 0) return { pass: true, verdict: `no breaking change (${countChanges(changes)})` };
  const reasons = acknowledgments.map((reason) => reason.trim()).filter((reason) => reason !== '');
  if (reasons.length > 0)
    return { pass: true, verdict: `${breaking} breaking, acknowledged: ${reasons.join('; ')}` };
  return {
    pass: false,
    verdict: `${breaking} breaking and no '${ACKNOWLEDGMENT_TRAILER}: <reason>' trailer in the commit message`,
  };
}
