import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { changedTargets, parseUnifiedDiff } from './changed-lines';

describe('the lines a diff adds or changes', () => {
  it('reads each hunk of git diff -U0 as an inclusive range of new lines, and skips pure deletions', () => {
    const diff = [
      'diff --git a/libs/portfolio/src/ledger.ts b/libs/portfolio/src/ledger.ts',
      '--- a/libs/portfolio/src/ledger.ts',
      '+++ b/libs/portfolio/src/ledger.ts',
      '@@ -10 +10 @@ export class Ledger {', // one line changed: no count means 1
      '@@ -20,3 +20,5 @@', // three lines became five
      '@@ -40,2 +41,0 @@', // two lines deleted: nothing new to mutate
      'diff --git a/libs/portfolio/src/gone.ts b/libs/portfolio/src/gone.ts',
      '--- a/libs/portfolio/src/gone.ts',
      '+++ /dev/null',
      '@@ -1,3 +0,0 @@',
      'diff --git a/libs/portfolio/src/new.ts b/libs/portfolio/src/new.ts',
      '--- /dev/null',
      '+++ b/libs/portfolio/src/new.ts',
      '@@ -0,0 +1,12 @@',
    ].join('\n');
    expect(parseUnifiedDiff(diff)).toEqual([
      { file: 'libs/portfolio/src/ledger.ts', first: 10, last: 10 },
      { file: 'libs/portfolio/src/ledger.ts', first: 20, last: 24 },
      { file: 'libs/portfolio/src/new.ts', first: 1, last: 12 },
    ]);
  });
});

describe('changed targets in a real repository', () => {
  let repo: string;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
  const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `export const ${tag}${i + 1} = ${i + 1};\n`).join('');

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'mutation-changed-'));
    git('init', '-q');
    git('config', 'user.email', 'spec@example.invalid');
    git('config', 'user.name', 'spec');
    write('libs/portfolio/src/ledger.ts', lines(10, 'a'));
    write('libs/risk-engine/src/rules/max-spread.rule.ts', lines(5, 'b'));
    write('libs/data-sources/src/http/yahoo.ts', lines(3, 'c'));
    git('add', '.');
    git('commit', '-qm', 'base');
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('mutates the changed lines and the new files of each mutated library, and nothing else', () => {
    write('libs/portfolio/src/ledger.ts', lines(10, 'a').replace('a3 = 3', 'a3 = 30').replace('a7 = 7', 'a7 = 70'));
    git('add', 'libs/portfolio/src/ledger.ts'); // staged or not, the working tree is what counts
    write('libs/risk-engine/src/rules/max-spread.rule.ts', `${lines(5, 'b')}export const b6 = 6;\n`);
    write('libs/risk-engine/src/rules/new.rule.ts', lines(2, 'd')); // untracked
    write('libs/risk-engine/src/rules/new.rule.spec.ts', lines(2, 'e')); // a spec: never mutated
    write('libs/risk-engine/src/index.ts', lines(1, 'f')); // an index: never mutated
    write('libs/data-sources/src/http/yahoo.ts', lines(4, 'c')); // outside the mutated folders of data-sources
    expect(changedTargets('HEAD', repo)).toEqual({
      targets: [
        { library: expect.objectContaining({ name: 'risk-engine' }), mutate: ['libs/risk-engine/src/rules/max-spread.rule.ts:6-6', 'libs/risk-engine/src/rules/new.rule.ts'] },
        { library: expect.objectContaining({ name: 'portfolio' }), mutate: ['libs/portfolio/src/ledger.ts:3-3', 'libs/portfolio/src/ledger.ts:7-7'] },
      ],
    });
  });

  it('finds nothing against the working tree itself, and names a revision git does not know', () => {
    git('add', '-A');
    git('commit', '-qm', 'all');
    expect(changedTargets('HEAD', repo)).toEqual({ targets: [] });
    expect(changedTargets('no-such-branch', repo)).toEqual({ error: '--changed: "no-such-branch" is not a commit git knows here' });
  });
});
