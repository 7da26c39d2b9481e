#!/usr/bin/env node
// `npm run test:mutation [-- --lib <name>] [--group <name>] [--changed [<rev>]] [--full] [--retest-timeouts] [--concurrency N]`:
// Stryker over the core libraries, one run per library (with the library's unit
// specs) or file group (with the specs beside the group's files), incremental by
// default; or, with --changed, one run per library over only the lines that
// differ from a revision (with the library's unit specs, no cache). Reports go to
// reports/mutation/<library>[/<group>|/changed]/ (git-ignored): index.html, mutation.json,
// survivors.txt and survivors.json (the undetected mutants not listed in
// equivalent-mutants/<library>.json), and the incremental file the next run starts from.
'use strict';
const { mkdirSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { parseArguments } = require('./arguments');
const { changedTargets } = require('./changed-lines');
const { groupMutate, groupSpecs } = require('./libraries');
const { scoreReport, readJson, readEquivalents, formatTable, formatMutant } = require('./scores');
const { dropStaleStaticResults, dropTimeoutResults, runSpecs } = require('./incremental-cache');

const root = resolve(__dirname, '../..');

function reportDirectory({ library, group, mutate }) {
  if (mutate) return `reports/mutation/${library.name}/changed`;
  return group ? `reports/mutation/${library.name}/${group.name}` : `reports/mutation/${library.name}`;
}

function mutatePatterns({ library, group, mutate }) {
  if (mutate) return mutate;
  return group ? groupMutate(library, group) : library.mutate;
}

function strykerOptions(target, { full, concurrency }) {
  const { library } = target;
  const reports = reportDirectory(target);
  return {
    testRunner: 'jest',
    plugins: ['@stryker-mutator/jest-runner'],
    jest: { projectType: 'custom', configFile: 'tools/mutation/jest.unit.config.js', enableFindRelatedTests: false },
    coverageAnalysis: 'perTest',
    // Stryker's limit is 1.5 x the dry run's time + 5 s. On a loaded 2-core machine
    // the specs of one mutant run several times slower than the dry run did, and a
    // slow spec counted as an endless loop is a false kill (see --retest-timeouts).
    timeoutFactor: 2,
    timeoutMS: 10000,
    concurrency,
    mutate: mutatePatterns(target),
    // The sandbox holds only what the library's unit specs load from it; the
    // other workspace libraries resolve through node_modules to the originals.
    ignorePatterns: ['/*', '!/libs', '/libs/*', `!/libs/${library.name}`, '!/tools', '/tools/*', '!/tools/mutation', '!/jest.config.js', '!/package.json', '!/tsconfig*.json'],
    // The incremental file is a cache of the last run's results (see README, Mutation
    // testing). A --changed run mutates few lines and keeps no cache, so that its
    // partial results never stand in for a group's.
    incremental: !target.mutate,
    incrementalFile: `${reports}/stryker-incremental.json`,
    force: full,
    reporters: ['html', 'json', process.stdout.isTTY ? 'progress' : 'progress-append-only'],
    htmlReporter: { fileName: `${reports}/index.html` },
    jsonReporter: { fileName: `${reports}/mutation.json` },
    thresholds: { high: 85, low: 75, break: null },
    cleanTempDir: 'always',
    fileLogLevel: 'off',
  };
}

async function main() {
  const parsed = parseArguments(process.argv.slice(2));
  if (parsed.error) {
    process.stderr.write(`test:mutation: ${parsed.error}\n`);
    process.exit(2);
  }
  process.chdir(root);
  if (parsed.changed !== undefined) {
    const changed = changedTargets(parsed.changed, root);
    if (changed.error) {
      process.stderr.write(`test:mutation: ${changed.error}\n`);
      process.exit(2);
    }
    if (changed.targets.length === 0) {
      process.stdout.write(`test:mutation: no code of a mutated library differs from ${parsed.changed}; nothing to mutate\n`);
      return;
    }
    parsed.targets.push(...changed.targets);
  }
  const equivalents = readEquivalents(join(__dirname, 'equivalent-mutants'));
  const { Stryker } = await import('@stryker-mutator/core');
  const summaries = [];
  for (const target of parsed.targets) {
    process.env.MUTATION_LIBRARY = target.library.name;
    if (target.group) process.env.MUTATION_SPECS = groupSpecs(target.group).join(',');
    else delete process.env.MUTATION_SPECS;
    if (!parsed.full && !target.mutate) {
      const cache = join(root, reportDirectory(target), 'stryker-incremental.json');
      const stale = dropStaleStaticResults(root, cache, runSpecs(root, target));
      if (stale > 0) process.stdout.write(`test:mutation: the specs changed since the last run: testing its ${stale} static mutants again\n`);
      const timedOut = parsed.retestTimeouts ? dropTimeoutResults(cache) : 0;
      if (timedOut > 0) process.stdout.write(`test:mutation: testing the ${timedOut} timed-out mutants of the last run again\n`);
    }
    const started = process.hrtime.bigint();
    await new Stryker(strykerOptions(target, parsed)).runMutationTest();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const reports = reportDirectory(target);
    mkdirSync(join(root, reports), { recursive: true });
    const scored = scoreReport(target.library, readJson(join(root, reports, 'mutation.json')), equivalents);
    writeFileSync(join(root, reports, 'survivors.txt'), [...scored.toKill.map(formatMutant), ...scored.equivalent.map((m) => `(listed equivalent) ${formatMutant(m)}`)].map((line) => `${line}\n`).join(''));
    writeFileSync(join(root, reports, 'survivors.json'), `${JSON.stringify(scored.toKill.map(({ at, status, ...key }) => ({ ...key, reason: '' })), null, 2)}\n`);
    summaries.push({ target, reports, seconds, ...scored });
  }
  for (const { target, reports, seconds, total, groups, toKill } of summaries) {
    const name = target.mutate
      ? `${target.library.name}, lines changed since ${parsed.changed}`
      : target.group
        ? `${target.library.name} --group ${target.group.name}`
        : target.library.name;
    process.stdout.write(`\n${name}: ${seconds.toFixed(0)} s; ${toKill.length} undetected mutants not listed as equivalent (${reports}/survivors.txt); report ${reports}/index.html\n`);
    process.stdout.write(`${formatTable(target.group ? groups : [...groups, { ...total, name: `${target.library.name} (all)` }])}\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`test:mutation: ${error?.stack ?? error}\n`);
  process.exit(1);
});
