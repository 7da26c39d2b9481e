// The command line of `npm run test:mutation`: which libraries or file groups (or
// only the lines changed since a revision), whether to run every mutant again, and
// how many test runners at once.
'use strict';
const { libraries } = require('./libraries');

const groups = libraries.flatMap((library) => library.groups.map((group) => ({ library, group })));
const usage =
  `usage: npm run test:mutation -- [--lib <${libraries.map((l) => l.name).join('|')}>]... ` +
  `[--group <${groups.map((g) => g.group.name).join('|')}>]... | --changed [<rev>]  [--full] [--retest-timeouts] [--concurrency N]`;

/**
 * Returns { targets: [{ library, group? }], changed?, full, retestTimeouts, concurrency }, or
 * { error } with one line saying what is wrong. No --lib, --group or --changed:
 * every library. --changed takes a revision (HEAD when none follows) and leaves
 * the targets to the diff.
 */
function parseArguments(argv) {
  const targets = [];
  let changed;
  let full = false;
  let retestTimeouts = false;
  let concurrency = 1;
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    const [flag, inline] = argument.startsWith('--') && argument.includes('=') ? argument.split(/=(.*)/s, 2) : [argument, undefined];
    const value = () => (inline !== undefined ? inline : argv[++i]);
    if (flag === '--lib' || flag === '--group') {
      const names = value();
      if (!names) return { error: `${flag} needs a name; ${usage}` };
      for (const name of names.split(',')) {
        const target = flag === '--lib' ? libraries.filter((l) => l.name === name).map((library) => ({ library })) : groups.filter((g) => g.group.name === name);
        if (target.length === 0) return { error: `unknown ${flag === '--lib' ? 'library' : 'group'} "${name}"; ${usage}` };
        targets.push(target[0]);
      }
    } else if (flag === '--changed') {
      const next = argv[i + 1];
      changed = inline !== undefined ? inline : next !== undefined && !next.startsWith('--') ? argv[++i] : 'HEAD';
      if (changed === '') return { error: `--changed= needs a revision; ${usage}` };
    } else if (flag === '--full' && inline === undefined) {
      full = true;
    } else if (flag === '--retest-timeouts' && inline === undefined) {
      retestTimeouts = true;
    } else if (flag === '--concurrency') {
      const text = value();
      if (!/^[1-9][0-9]*$/.test(text ?? '')) return { error: `--concurrency needs a whole number of at least 1, not "${text ?? ''}"; ${usage}` };
      concurrency = Number(text);
    } else {
      return { error: `unknown argument "${argument}"; ${usage}` };
    }
  }
  if (changed !== undefined && targets.length > 0) return { error: `--changed picks its own libraries: give it without --lib or --group; ${usage}` };
  if (changed !== undefined) return { targets: [], changed, full, retestTimeouts, concurrency };
  for (const target of targets) {
    const whole = targets.find((other) => other.library === target.library && !other.group);
    if (target.group && whole) return { error: `--group ${target.group.name} is part of --lib ${target.library.name}: give one or the other; ${usage}` };
  }
  const distinct = targets.filter((target, i) => targets.findIndex((other) => other.library === target.library && other.group === target.group) === i);
  return { targets: distinct.length > 0 ? distinct : libraries.map((library) => ({ library })), full, retestTimeouts, concurrency };
}

module.exports = { parseArguments, usage };
