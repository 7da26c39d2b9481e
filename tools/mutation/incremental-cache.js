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

const isUnitSpec = (name) => name.endsWith('.spec.ts') && !name.endsWith('.property.spec.ts');

/**
 * The unit specs a run executes, as paths from the repository root, sorted:
 * for a group those beside its files (tools/mutation/jest.unit.config.js with
 * MUTATION_SPECS), for a library all of its own.
 */
function runSpecs(root, { library, group }) {
  const prefixes = group ? group.files : [`libs/${library.name}/src/`];
  const found = new Set();
  for (const prefix of prefixes) {
    if (prefix.endsWith('/')) {
      if (!existsSync(join(root, prefix))) continue;
      for (const name of readdirSync(join(root, prefix), { recursive: true })) if (isUnitSpec(String(name))) found.add(`${prefix}${String(name).split('\\').join('/')}`);
    } else {
      const folder = dirname(prefix);
      const stem = basename(prefix, '.ts');
      for (const name of readdirSync(join(root, folder))) if (name.startsWith(stem) && isUnitSpec(name)) found.add(`${folder}/${name}`);
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
