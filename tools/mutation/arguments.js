// The command line of `npm run test:mutation`: which libraries or file groups,
// whether to run every mutant again, and how many test runners at once.
'use strict';
const { libraries } = require('./libraries');

const groups = libraries.flatMap((library) => library.groups.map((group) => ({ library, group })));
const usage =
  `usage: npm run test:mutation -- [--lib <${libraries.map((l) => l.name).join('|')}>]... ` +
  `[--group <${groups.map((g) => g.group.name).join('|')}>]... [--full] [--concurrency N]`;

/**
 * Returns { targets: [{ library, group? }], full, concurrency }, or { error }
 * with one line saying what is wrong. No --lib and no --group: every library.
 */
function parseArguments(argv) {
  const targets = [];
  let full = false;
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
    } else if (flag === '--full' && inline === undefined) {
      full = true;
    } else if (flag === '--concurrency') {
      const text = value();
      if (!/^[1-9][0-9]*$/.test(text ?? '')) return { error: `--concurrency needs a whole number of at least 1, not "${text ?? ''}"; ${usage}` };
      concurrency = Number(text);
    } else {
      return { error: `unknown argument "${argument}"; ${usage}` };
    }
  }
  for (const target of targets) {
    const whole = targets.find((other) => other.library === target.library && !other.group);
    if (target.group && whole) return { error: `--group ${target.group.name} is part of --lib ${target.library.name}: give one or the other; ${usage}` };
  }
  const distinct = targets.filter((target, i) => targets.findIndex((other) => other.library === target.library && other.group === target.group) === i);
  return { targets: distinct.length > 0 ? distinct : libraries.map((library) => ({ library })), full, concurrency };
}

module.exports = { parseArguments, usage };
