// Coverage floors per library, checked on the two test passes together: a
// library's Redis and PostgreSQL paths (lockout fallback, BullMQ backend, pool
// faults) run only in the second pass, so neither pass alone measures the suite.
// Usage: node .ci/check-coverage.mjs <coverage-final.json>...
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import libCoverage from 'istanbul-lib-coverage';

const reports = process.argv.slice(2);
if (reports.length === 0) {
  console.error('usage: check-coverage.mjs <coverage-final.json>...');
  process.exit(2);
}
const floors = JSON.parse(readFileSync(new URL('./coverage-floors.json', import.meta.url), 'utf8'));
const METRICS = ['lines', 'statements', 'functions', 'branches'];

const merged = libCoverage.createCoverageMap({});
for (const report of reports) merged.merge(JSON.parse(readFileSync(report, 'utf8')));

let failed = false;
for (const [library, floor] of Object.entries(floors.libraries)) {
  const root = `${resolve(library)}/`;
  const summary = libCoverage.createCoverageSummary();
  for (const file of merged.files().filter((path) => path.startsWith(root)))
    summary.merge(merged.fileCoverageFor(file).toSummary());
  const figures = METRICS.map((metric) => `${metric} ${summary[metric].pct}%`).join(', ');
  const below = METRICS.filter((metric) => summary[metric].pct < floor[metric]);
  if (summary.lines.total === 0) {
    console.error(`ERROR: ${library}: no file measured`);
    failed = true;
  } else if (below.length > 0) {
    const wanted = below.map((metric) => `${metric} ${floor[metric]}%`).join(', ');
    console.error(`ERROR: ${library}: ${figures}; below the floor of ${wanted}`);
    failed = true;
  } else console.log(`${library}: ${figures}`);
}
if (failed) process.exit(1);
