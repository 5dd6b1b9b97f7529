// CI's check of the API contract over git history. It prints the classified
// changes of the latest commit that changed apps/store-api/schema.graphql, and
// fails when a commit that changed the file made a BREAKING change without
// accepting it in its own message, as a trailer (the message's last paragraph):
//
//   Breaking-Schema-Change: <why clients may break, and what they do about it>
//
// Every commit that changed the file is judged, not only HEAD against HEAD~1:
// a push of several commits would otherwise hide a breaking change behind a
// later commit that does not touch the schema, or that changes it safely.
// Commits made before this check existed (those without this file) are history,
// never judged. A commit with no previous version of the file (the first one, or
// the edge of a shallow clone) has nothing to compare with and passes.
// Usage, at the repository's root: node .ci/schema-changes.mjs (npm run schema:changes)
import { execFileSync } from 'node:child_process';
import {
  ACKNOWLEDGMENT_TRAILER,
  classifySchemaChanges,
  countChanges,
  formatChange,
  judgeSchemaChange,
} from './schema-diff.mjs';

const SCHEMA = 'apps/store-api/schema.graphql';
// A commit is judged by the rule in force in it: the rule is in force in a commit that holds this file.
const CHECK = '.ci/schema-changes.mjs';

/** git's output, or null when git fails (an object or a path that is not there). */
function git(...args) {
  try {
    return execFileSync('git', args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch {
    return null;
  }
}

const fileAt = (commit, path) => git('show', `${commit}:${path}`);
const has = (commit, path) => git('cat-file', '-e', `${commit}:${path}`) !== null;

/** The file before `commit`: null for a root commit, a shallow clone's edge, or a commit that added it. */
function previousVersion(commit) {
  const parent = git('rev-parse', '--verify', '--quiet', `${commit}^`);
  return parent === null ? null : fileAt(parent.trim(), SCHEMA);
}

function acknowledgments(commit) {
  const format = `%(trailers:key=${ACKNOWLEDGMENT_TRAILER},valueonly,unfold,separator=%x00)`;
  return (git('log', '-1', `--format=${format}`, commit) ?? '').trim().split('\0');
}

async function changesOf(commit) {
  const before = previousVersion(commit);
  if (before === null) return null;
  const after = fileAt(commit, SCHEMA);
  if (after === null) return [{ level: 'BREAKING', path: SCHEMA, message: 'The schema file was deleted' }];
  try {
    return await classifySchemaChanges(before, after);
  } catch (error) {
    // An SDL that does not parse cannot be judged: fail, naming the commit.
    throw new Error(
      `${SCHEMA} at ${commit.slice(0, 12)} or its parent is not a valid schema: ${error.message}`,
      { cause: error },
    );
  }
}

if (git('rev-parse', '--verify', '--quiet', 'HEAD') === null) {
  console.log('schema changes: no commit (or no git repository): nothing to compare');
  process.exit(0);
}
if (!has('HEAD', SCHEMA)) {
  console.error(
    `ERROR: ${SCHEMA} is not committed: it is the API's contract (RAIL_UPDATE_SCHEMA=1 writes it)`,
  );
  process.exit(1);
}
if (git('rev-parse', '--is-shallow-repository')?.trim() === 'true')
  console.log(
    'schema changes: shallow clone: commits beyond its depth are not compared (git fetch --unshallow)',
  );

const commits = (git('log', '--format=%H', '--', SCHEMA) ?? '').split('\n').filter(Boolean);
console.log(`schema changes: the commits that changed ${SCHEMA}, newest first`);
const failed = [];
let judged = 0;
for (const [index, commit] of commits.entries()) {
  const inForce = has(commit, CHECK);
  // Older commits than the first one without the check predate it too.
  if (!inForce && index > 0) break;
  const changes = await changesOf(commit);
  const { pass, verdict } = judgeSchemaChange({ changes, acknowledgments: acknowledgments(commit) });
  console.log(`\n${git('log', '-1', '--format=%h %s', commit)?.trim()}`);
  // The latest change is the one under review: all of it. Older ones only say what breaks.
  const shown =
    index === 0 ? (changes ?? []) : (changes ?? []).filter((change) => change.level === 'BREAKING');
  for (const change of shown) console.log(`  ${formatChange(change)}`);
  if (!inForce) {
    console.log(
      `  (${changes ? countChanges(changes) : 'no previous version'}; made before this check existed: not judged)`,
    );
    continue;
  }
  judged += 1;
  console.log(`  ${pass ? 'ok' : 'ERROR'}: ${verdict}`);
  if (!pass) failed.push(commit.slice(0, 12));
}

console.log(`\nschema changes: ${judged} commit(s) that changed ${SCHEMA} judged, ${failed.length} refused`);
if (failed.length > 0) {
  console.error(
    `ERROR: breaking schema change not acknowledged in ${failed.join(', ')}. If clients may break on purpose, ` +
      `end that commit's message with a '${ACKNOWLEDGMENT_TRAILER}: <reason>' trailer (the last commit: ` +
      `git commit --amend --trailer '${ACKNOWLEDGMENT_TRAILER}: <reason>'; an earlier one: git rebase -i, reword); ` +
      'otherwise keep what the change removed or narrowed (see docs/testing.md).',
  );
  process.exit(1);
}
