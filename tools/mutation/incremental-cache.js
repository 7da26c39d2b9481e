// What a run takes from Stryker's incremental cache, corrected before the run.
//
// Stryker 9.6's incremental mode keeps a static mutant's last result (a mutant
// of module-level code, which every spec runs) even when the specs changed: a
// survivor a new spec now kills stays a survivor in the report, and a kill the
// specs no longer make stays a kill. Before a run, when the specs of the run
// differ from those the cache was made with (one added, removed or edited),
// the cache's static results are dropped, so Stryker tests those mutants again;
// otherwise the cache is left alone and they cost nothing.
'use strict';
const { existsSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { basename, dirname, join } = require('node:path');
const { groupSpecs } = require('./libraries');

const isUnitSpec = (name) => name.endsWith('.spec.ts') && !name.endsWith('.property.spec.ts');

// The unit specs a run executes, as paths from the repository root, sorted:
// for a group those its spec globs match (groupSpecs), for a library all of
// its own. The globs take three forms: `dir/**/*.spec.ts` (the folder and
// below), `dir/*.spec.ts` (the folder alone) and `dir/stem*.spec.ts`.
function runSpecs(root, { library, group }) {
  const globs = group ? groupSpecs(group) : [`libs/${library.name}/src/**/*.spec.ts`];
  const found = new Set();
  for (const glob of globs) {
    const recursive = glob.endsWith('/**/*.spec.ts');
    const folder = recursive ? glob.slice(0, -'/**/*.spec.ts'.length) : dirname(glob);
    const stem = recursive ? '' : basename(glob).slice(0, -'*.spec.ts'.length);
    if (!existsSync(join(root, folder))) continue;
    for (const entry of readdirSync(join(root, folder), { recursive })) {
      const name = String(entry).split('\\').join('/');
      if (isUnitSpec(name) && basename(name).startsWith(stem) && (recursive || !name.includes('/'))) found.add(`${folder}/${name}`);
    }
  }
  return [...found].sort();
}

/**
 * Drops the static mutants' results from the incremental file at `path` when
 * `specs` (repository paths) are not the spec files, with the same text, that
 * the file records. Returns how many results it dropped.
 */
function dropStaleStaticResults(root, path, specs) {
  if (!existsSync(path)) return 0;
  const report = JSON.parse(readFileSync(path, 'utf8'));
  const recorded = report.testFiles ?? {};
  const same =
    Object.keys(recorded).length === specs.length &&
    specs.every((spec) => recorded[spec] !== undefined && existsSync(join(root, spec)) && recorded[spec].source === readFileSync(join(root, spec), 'utf8'));
  if (same) return 0;
  return dropResults(path, report, (mutant) => mutant.static === true);
}

/**
 * Drops the timed-out results from the incremental file at `path`
 * (--retest-timeouts): a mutant counts as detected when the specs outrun
 * Stryker's time limit, which on a loaded machine may be a slow spec rather
 * than an endless loop. Returns how many it dropped.
 */
function dropTimeoutResults(path) {
  if (!existsSync(path)) return 0;
  return dropResults(path, JSON.parse(readFileSync(path, 'utf8')), (mutant) => mutant.status === 'Timeout');
}

function dropResults(path, report, drop) {
  let dropped = 0;
  for (const file of Object.values(report.files ?? {})) {
    const kept = file.mutants.filter((mutant) => !drop(mutant));
    dropped += file.mutants.length - kept.length;
    file.mutants = kept;
  }
  if (dropped > 0) writeFileSync(path, JSON.stringify(report));
  return dropped;
}

module.exports = { runSpecs, dropStaleStaticResults, dropTimeoutResults };
