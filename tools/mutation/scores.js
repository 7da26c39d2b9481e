// Mutation scores from Stryker's JSON report, per library and per file group,
// and the undetected mutants. The score is Stryker's: killed and timed-out
// mutants over all that ran or had no test (compile and runtime errors and
// ignored mutants do not count). Undetected mutants listed in
// equivalent-mutants/<library>.json (the code they change cannot change what the
// program does) are counted apart, and a second score leaves them out.
'use strict';
const { readFileSync, readdirSync } = require('node:fs');
const { join } = require('node:path');
const { groupOf } = require('./libraries');

const undetected = new Set(['Survived', 'NoCoverage']);

function emptyTally(name, goal) {
  return { name, goal, killed: 0, timeout: 0, survived: 0, noCoverage: 0, equivalent: 0 };
}

function count(tally, status, equivalent) {
  if (status === 'Killed') tally.killed++;
  else if (status === 'Timeout') tally.timeout++;
  else if (status === 'Survived') tally.survived++;
  else if (status === 'NoCoverage') tally.noCoverage++;
  if (equivalent) tally.equivalent++;
}

/** Stryker's score, and the score without the undetected mutants listed as equivalent. */
function score(tally) {
  const detected = tally.killed + tally.timeout;
  const valid = detected + tally.survived + tally.noCoverage;
  return {
    all: valid === 0 ? undefined : (100 * detected) / valid,
    withoutEquivalent: valid - tally.equivalent === 0 ? undefined : (100 * detected) / (valid - tally.equivalent),
  };
}

/** What identifies a mutant across edits: its file, the line it is on, the code it replaces, and with what. */
function mutantKey(file, source, mutant) {
  const lines = source.split('\n');
  const { start, end } = mutant.location;
  const span = lines.slice(start.line - 1, end.line);
  span[span.length - 1] = span[span.length - 1].slice(0, end.column - 1);
  span[0] = span[0].slice(start.column - 1);
  return { file, line: lines[start.line - 1].trim(), original: span.join('\n'), mutator: mutant.mutatorName, replacement: mutant.replacement ?? '' };
}

function sameMutant(a, b) {
  return a.file === b.file && a.line === b.line && a.original === b.original && a.mutator === b.mutator && a.replacement === b.replacement;
}

/** The tallies of a library and of its groups, and its undetected mutants (listed equivalents apart), from a report object. */
function scoreReport(library, report, equivalents = []) {
  const total = emptyTally(library.name);
  const groups = new Map(library.groups.map((group) => [group, emptyTally(group.label, group.goal)]));
  const toKill = [];
  const equivalent = [];
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    const group = groupOf(library, file);
    for (const mutant of mutants) {
      let listed = false;
      if (undetected.has(mutant.status)) {
        const key = mutantKey(file, source, mutant);
        listed = equivalents.some((entry) => sameMutant(entry, key));
        const { line, column } = mutant.location.start;
        (listed ? equivalent : toKill).push({ at: `${file}:${line}:${column}`, status: mutant.status, ...key });
      }
      count(total, mutant.status, listed);
      if (group) count(groups.get(group), mutant.status, listed);
    }
  }
  return { total, groups: [...groups.values()].filter((g) => g.killed + g.timeout + g.survived + g.noCoverage > 0), toKill, equivalent };
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/**
 * Every listed equivalent mutant: one file per library (<library>.json, or
 * <library>.<group>.json), so that branches working on different code never
 * edit the same list.
 */
function readEquivalents(directory) {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .flatMap((name) => readJson(join(directory, name)));
}

const percent = (value) => (value === undefined ? '-' : `${value.toFixed(2)} %`);

function formatTable(tallies) {
  const header = ['group', 'killed', 'timeout', 'survived', 'no coverage', 'score', 'equivalent', 'score w/o equivalent', 'goal'];
  const rows = tallies.map((t) => {
    const s = score(t);
    return [t.name, t.killed, t.timeout, t.survived, t.noCoverage, percent(s.all), t.equivalent, percent(s.withoutEquivalent), t.goal === undefined ? '' : `${t.goal} %`].map(String);
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')).join('\n');
}

/** One line per undetected mutant: where, its status, the mutator, and the code before and after. */
function formatMutant(m) {
  return `${m.at} ${m.status} ${m.mutator}: ${JSON.stringify(m.original)} -> ${JSON.stringify(m.replacement)}`;
}

module.exports = { scoreReport, readJson, readEquivalents, formatTable, formatMutant, score, mutantKey };
