// The lines of core-library code that differ from a git revision, as Stryker
// mutate ranges (`path:first-last`): `npm run test:mutation -- --changed [<rev>]`
// mutates only those, so a change is checked in the minutes its own mutants
// take, without the incremental cache a fresh clone does not have.
'use strict';
const { spawnSync } = require('node:child_process');
const { isMutated, libraries } = require('./libraries');

/**
 * The added or changed line ranges of each file in a `git diff -U0` text, as
 * { file, first, last } (1-based, inclusive). A hunk that only deletes lines
 * adds no code to mutate, so it gives no range.
 */
function parseUnifiedDiff(text) {
  const ranges = [];
  let file;
  for (const line of text.split('\n')) {
    if (line.startsWith('+++ ')) {
      file = line === '+++ /dev/null' ? undefined : line.slice(4).replace(/^b\//, '');
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (!hunk || file === undefined) continue;
    const first = Number(hunk[1]);
    const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
    if (count > 0) ranges.push({ file, first, last: first + count - 1 });
  }
  return ranges;
}

function git(args, cwd) {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { ok: run.status === 0, out: run.stdout ?? '', err: (run.stderr ?? '').trim() };
}

/**
 * Per library, the mutate patterns of its code changed since `revision` (the
 * working tree against it, so uncommitted and untracked files count too):
 * { targets: [{ library, mutate }] } or { error } in one line.
 */
function changedTargets(revision, cwd) {
  if (!git(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], cwd).ok) {
    return { error: `--changed: "${revision}" is not a commit git knows here` };
  }
  const sources = libraries.flatMap((library) => library.sources);
  const diff = git(['diff', '-U0', '--no-color', '--no-ext-diff', '--diff-filter=AMR', revision, '--', ...sources], cwd);
  if (!diff.ok) return { error: `--changed: git diff against ${revision} failed: ${diff.err.split('\n')[0]}` };
  const untracked = git(['ls-files', '--others', '--exclude-standard', '--', ...sources], cwd);
  const patterns = [
    ...parseUnifiedDiff(diff.out).map(({ file, first, last }) => ({ file, pattern: `${file}:${first}-${last}` })),
    ...untracked.out.split('\n').filter(Boolean).map((file) => ({ file, pattern: file })),
  ];
  const targets = libraries
    .map((library) => ({ library, mutate: patterns.filter(({ file }) => isMutated(library, file)).map(({ pattern }) => pattern) }))
    .filter((target) => target.mutate.length > 0);
  return { targets };
}

module.exports = { parseUnifiedDiff, changedTargets };
