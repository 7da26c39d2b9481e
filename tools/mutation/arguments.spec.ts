import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { type ParsedArguments, parseArguments } from './arguments';
import { groupMutate, groupSpecs, libraries } from './libraries';

const names = (parsed: ParsedArguments) =>
  parsed.targets?.map((t) => (t.group ? `${t.library.name}/${t.group.name}` : t.library.name));

describe('npm run test:mutation arguments', () => {
  it('mutates every core library, incrementally and one test runner at a time, when given nothing', () => {
    const parsed = parseArguments([]);
    expect(names(parsed)).toEqual(['risk-engine', 'portfolio', 'simulated-venue', 'data-sources', 'indicators', 'tsparzen']);
    expect([parsed.full, parsed.concurrency]).toEqual([false, 1]);
  });

  it('takes libraries and file groups, in the order given, each once', () => {
    expect(names(parseArguments(['--lib', 'portfolio', '--group=breakers,sizing', '--lib=portfolio', '--full', '--concurrency', '2']))).toEqual([
      'portfolio',
      'risk-engine/breakers',
      'risk-engine/sizing',
    ]);
    expect(parseArguments(['--full', '--concurrency=2'])).toMatchObject({ full: true, retestTimeouts: false, concurrency: 2 });
    expect(parseArguments(['--group', 'rules', '--retest-timeouts'])).toMatchObject({ full: false, retestTimeouts: true });
  });

  it('takes --changed with a revision, or HEAD when no revision follows', () => {
    expect(parseArguments(['--changed'])).toEqual({ targets: [], changed: 'HEAD', full: false, retestTimeouts: false, concurrency: 1 });
    expect(parseArguments(['--changed', 'main', '--concurrency', '2'])).toEqual({ targets: [], changed: 'main', full: false, retestTimeouts: false, concurrency: 2 });
    expect(parseArguments(['--changed', '--full'])).toEqual({ targets: [], changed: 'HEAD', full: true, retestTimeouts: false, concurrency: 1 });
    expect(parseArguments(['--changed=HEAD~3'])).toMatchObject({ changed: 'HEAD~3' });
  });

  it.each([
    [['--lib', 'ledger'], 'unknown library "ledger"'],
    [['--group', 'portfolio'], 'unknown group "portfolio"'],
    [['--lib'], '--lib needs a name'],
    [['--concurrency', '0'], '--concurrency needs a whole number of at least 1, not "0"'],
    [['--concurrency', '1.5'], '--concurrency needs a whole number of at least 1, not "1.5"'],
    [['--full=yes'], 'unknown argument "--full=yes"'],
    [['--retest-timeouts=1'], 'unknown argument "--retest-timeouts=1"'],
    [['risk-engine'], 'unknown argument "risk-engine"'],
    [['--lib', 'risk-engine', '--group', 'rules'], '--group rules is part of --lib risk-engine: give one or the other'],
    [['--changed', '--lib', 'portfolio'], '--changed picks its own libraries: give it without --lib or --group'],
    [['--changed='], '--changed= needs a revision'],
  ])('refuses %j in one line', (argv, message) => {
    const parsed = parseArguments(argv);
    expect(parsed.error).toMatch(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; usage: npm run test:mutation -- `));
    expect(parsed.error).not.toContain('\n');
  });

  it('exits 2 with one line on standard error for a bad argument, before loading Stryker', () => {
    const run = spawnSync(process.execPath, [join(__dirname, 'run.js'), '--lib', 'nope'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toEqual([expect.stringMatching(/^test:mutation: unknown library "nope"; usage: /), '']);
  });

  it('exits 2 with one line for a --changed revision git does not know', () => {
    const run = spawnSync(process.execPath, [join(__dirname, 'run.js'), '--changed', 'no-such-revision'], { encoding: 'utf8' });
    expect([run.status, run.stdout, run.stderr]).toEqual([2, '', 'test:mutation: --changed: "no-such-revision" is not a commit git knows here\n']);
  });
});

describe('mutation file groups', () => {
  it('mutates a group without the files of the groups listed before it, which take them first', () => {
    const riskEngine = libraries.find((l) => l.name === 'risk-engine');
    const engine = riskEngine?.groups.find((g) => g.name === 'engine');
    expect(riskEngine && engine && groupMutate(riskEngine, engine)).toEqual([
      'libs/risk-engine/src/**/*.ts',
      '!libs/risk-engine/src/rules/**/*.ts',
      '!libs/risk-engine/src/breakers/**/*.ts',
      '!libs/risk-engine/src/sizing/**/*.ts',
      '!libs/risk-engine/src/desk/sizing.policy.ts',
      '!libs/risk-engine/src/measures/**/*.ts',
      '!libs/risk-engine/src/desk/**/*.ts',
      '!**/{*.spec.ts,*.int-spec.ts,*.e2e-spec.ts,index.ts,testing/**}',
    ]);
  });

  it('runs the specs a group names instead of those beside its files', () => {
    const engine = libraries.flatMap((l) => l.groups).find((g) => g.name === 'engine');
    expect(engine && groupSpecs(engine)).toEqual([
      'libs/risk-engine/src/*.spec.ts',
      'libs/risk-engine/src/state/**/*.spec.ts',
      'libs/risk-engine/src/portfolio/**/*.spec.ts',
      'libs/risk-engine/src/rules/**/*.spec.ts',
    ]);
  });

  it('runs the specs beside the files of a group: all those in a folder, and the one spec of a single file', () => {
    const sizing = libraries.flatMap((l) => l.groups).find((g) => g.name === 'sizing');
    expect(sizing && groupSpecs(sizing)).toEqual(['libs/risk-engine/src/sizing/**/*.spec.ts', 'libs/risk-engine/src/desk/sizing.policy*.spec.ts']);
  });
});
