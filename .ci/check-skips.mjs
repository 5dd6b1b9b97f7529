// Prints the skipped tests of a Jest --json report and fails when one is not
// on the reviewed list (.ci/reviewed-skips.json), or when a listed skip ran:
// a skip is a decision, and an unreviewed one hides a test.
import { readFileSync } from 'node:fs';

const [report, pass] = process.argv.slice(2);
const results = JSON.parse(readFileSync(report, 'utf8'));
const reviewed =
  JSON.parse(readFileSync(new URL('./reviewed-skips.json', import.meta.url), 'utf8'))[pass] ?? {};

const skipped = results.testResults.flatMap((file) =>
  file.assertionResults
    .filter((test) => test.status === 'pending' || test.status === 'skipped' || test.status === 'todo')
    .map((test) => test.fullName),
);
console.log(`${pass}: ${skipped.length} skipped`);
for (const name of skipped) console.log(`  skipped: ${name}${reviewed[name] ? ` (${reviewed[name]})` : ''}`);
const unreviewed = skipped.filter((name) => !(name in reviewed));
const gone = Object.keys(reviewed).filter((name) => !skipped.includes(name));
for (const name of unreviewed) console.error(`ERROR: skipped without review: ${name}`);
for (const name of gone) console.error(`ERROR: on the reviewed list but not skipped (remove it): ${name}`);
if (unreviewed.length > 0 || gone.length > 0) process.exit(1);
