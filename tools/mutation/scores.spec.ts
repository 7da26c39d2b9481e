import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { libraries } from './libraries';
import { formatTable, mutantKey, readEquivalents, score, scoreReport } from './scores';

const root = join(__dirname, '../..');
const [riskEngine] = libraries;

const at = (line: number, column: number, endLine: number, endColumn: number) => ({ start: { line, column }, end: { line: endLine, column: endColumn } });

describe('mutation scores', () => {
  const source = 'export function f(a: number): number {\n  return a > 0 ? a : -a;\n}\n';
  const report = {
    files: {
      'libs/risk-engine/src/breakers/x.ts': {
        source,
        mutants: [
          { mutatorName: 'EqualityOperator', replacement: 'a >= 0', location: at(2, 10, 2, 15), status: 'Survived' },
          { mutatorName: 'EqualityOperator', replacement: 'a < 0', location: at(2, 10, 2, 15), status: 'Killed' },
          { mutatorName: 'ConditionalExpression', replacement: 'true', location: at(2, 10, 2, 15), status: 'Timeout' },
          { mutatorName: 'UnaryOperator', replacement: '+a', location: at(2, 22, 2, 24), status: 'NoCoverage' },
          { mutatorName: 'BlockStatement', replacement: '{}', location: at(1, 38, 3, 2), status: 'CompileError' },
        ],
      },
      'libs/risk-engine/src/desk/y.ts': {
        source,
        mutants: [{ mutatorName: 'ConditionalExpression', replacement: 'false', location: at(2, 10, 2, 15), status: 'Killed' }],
      },
    },
  };

  it('counts killed and timed-out mutants over those that ran or had no test, per group and for the library', () => {
    const { total, groups, toKill } = scoreReport(riskEngine, report);
    expect(groups.map((g) => [g.name, g.killed, g.timeout, g.survived, g.noCoverage])).toEqual([
      ['breakers', 1, 1, 1, 1],
      ['risk desk', 1, 0, 0, 0],
    ]);
    // (1 killed + 1 timeout) / 4 in the group; 3 / 5 for the library. The compile error counts nowhere.
    expect(score(groups[0]).all).toBe(50);
    expect(score(total).all).toBe(60);
    expect(toKill.map((m) => [m.at, m.status, m.original, m.replacement])).toEqual([
      ['libs/risk-engine/src/breakers/x.ts:2:10', 'Survived', 'a > 0', 'a >= 0'],
      ['libs/risk-engine/src/breakers/x.ts:2:22', 'NoCoverage', '-a', '+a'],
    ]);
  });

  it('sets apart an undetected mutant listed as equivalent, by its line, code and replacement, wherever the line moved', () => {
    const survivor = report.files['libs/risk-engine/src/breakers/x.ts'].mutants[0];
    const listed = { ...mutantKey('libs/risk-engine/src/breakers/x.ts', source, survivor), reason: 'a is never 0' };
    expect(listed).toEqual({ file: 'libs/risk-engine/src/breakers/x.ts', line: 'return a > 0 ? a : -a;', original: 'a > 0', mutator: 'EqualityOperator', replacement: 'a >= 0', reason: 'a is never 0' });
    const moved = { files: { 'libs/risk-engine/src/breakers/x.ts': { source: `// a comment\n${source}`, mutants: [{ ...survivor, location: at(3, 10, 3, 15) }] } } };
    const { total, toKill, equivalent } = scoreReport(riskEngine, moved, [listed]);
    expect([toKill.length, equivalent.map((m) => m.at)]).toEqual([0, ['libs/risk-engine/src/breakers/x.ts:3:10']]);
    expect(score(total)).toEqual({ all: 0, withoutEquivalent: undefined });
    expect(formatTable([total]).split('\n')[1]).toMatch(/^risk-engine +0 +0 +1 +0 +0\.00 % +1 +- *$/);
  });
});

describe('equivalent-mutants/<library>.json', () => {
  type Entry = { file: string; line: string; original: string; mutator: string; replacement: string; reason: string };
  const directory = join(__dirname, 'equivalent-mutants');
  const lists = readdirSync(directory).map((name) => ({ name, entries: JSON.parse(readFileSync(join(directory, name), 'utf8')) as Entry[] }));
  const entries = readEquivalents(directory) as Entry[];

  // <library>.json, or <library>.<group>.json where two branches work on one library.
  it('has lists named for a mutated library, each listing only that library\'s mutants, with a reason', () => {
    expect(entries.length).toBe(lists.reduce((n, list) => n + list.entries.length, 0));
    for (const { name, entries: listed } of lists) {
      const library = name.split('.')[0];
      expect({ name, mutated: name.endsWith('.json') && libraries.some((l) => l.name === library) }).toEqual({ name, mutated: true });
      for (const entry of listed) {
        expect({ file: entry.file, inLibrary: entry.file.startsWith(`libs/${library}/`) }).toEqual({ file: entry.file, inLibrary: true });
        expect(entry.reason.length).toBeGreaterThan(20);
      }
    }
  });

  it('names lines that are still in the code, so that an edit cannot leave it listing mutants that are gone', () => {
    for (const entry of entries) {
      const lines = readFileSync(join(root, entry.file), 'utf8').split('\n').map((line) => line.trim());
      expect({ file: entry.file, line: entry.line, found: lines.includes(entry.line) && entry.line.includes(entry.original.split('\n')[0]) }).toEqual({ file: entry.file, line: entry.line, found: true });
    }
  });

  // Entries match by line text, so one line holding the same code twice (two `false`
  // in one object literal) needs one entry per mutant, and no more. A mutant of a
  // block spanning lines is named by its first line.
  it('lists a mutant no more often than its code occurs on its line', () => {
    const counts = new Map<string, { entry: Entry; listed: number }>();
    for (const { reason: _reason, ...key } of entries) {
      const id = JSON.stringify(key);
      const seen = counts.get(id) ?? { entry: { ...key, reason: '' }, listed: 0 };
      counts.set(id, { ...seen, listed: seen.listed + 1 });
    }
    const over = [...counts.values()].filter(({ entry, listed }) => listed > entry.line.split(entry.original.split('\n')[0]).length - 1);
    expect(over.map(({ entry }) => `${entry.file}: ${entry.line}`)).toEqual([]);
  });
});
