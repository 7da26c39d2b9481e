import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { libraries } from './libraries';
import { dropStaleStaticResults, dropTimeoutResults, runSpecs } from './incremental-cache';

const library = (name: string) => {
  const found = libraries.find((l) => l.name === name);
  if (found === undefined) throw new Error(`no library ${name}`);
  return found;
};
const riskEngine = library('risk-engine');
const rules = { library: riskEngine, group: riskEngine.groups.find((g) => g.name === 'rules') };
const sizing = { library: riskEngine, group: riskEngine.groups.find((g) => g.name === 'sizing') };

describe('the incremental cache a run starts from', () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const cache = () => join(root, 'reports/incremental.json');
  const statuses = () => (JSON.parse(readFileSync(cache(), 'utf8')) as { files: Record<string, { mutants: { id: string }[] }> }).files['libs/risk-engine/src/rules/a.rule.ts'].mutants.map((m) => m.id);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mutation-static-'));
    write('libs/risk-engine/src/rules/a.rule.spec.ts', 'spec a');
    write('libs/risk-engine/src/rules/nested/b.rule.spec.ts', 'spec b');
    write('libs/risk-engine/src/rules/c.property.spec.ts', 'left out of unit runs');
    write('libs/risk-engine/src/rules/d.int-spec.ts', 'needs a server');
    write('libs/risk-engine/src/desk/sizing.policy.spec.ts', 'policy');
    write('libs/risk-engine/src/desk/sizing.policy.boundaries.spec.ts', 'policy boundaries');
    write('libs/risk-engine/src/desk/risk-desk.spec.ts', 'not beside sizing.policy.ts');
    write('libs/risk-engine/src/risk-engine.spec.ts', 'the engine');
    write(
      'reports/incremental.json',
      JSON.stringify({
        files: {
          'libs/risk-engine/src/rules/a.rule.ts': {
            mutants: [
              { id: '1', static: true, status: 'Survived' },
              { id: '2', static: false, status: 'Survived' },
              { id: '3', status: 'Killed' },
              { id: '4', status: 'Timeout' },
            ],
          },
        },
        testFiles: { 'libs/risk-engine/src/rules/a.rule.spec.ts': { source: 'spec a' }, 'libs/risk-engine/src/rules/nested/b.rule.spec.ts': { source: 'spec b' } },
      }),
    );
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('lists the unit specs a run executes: a folder of a group, the specs beside a file of a group, or all of a library', () => {
    expect(runSpecs(root, rules)).toEqual(['libs/risk-engine/src/rules/a.rule.spec.ts', 'libs/risk-engine/src/rules/nested/b.rule.spec.ts']);
    expect(runSpecs(root, sizing)).toEqual(['libs/risk-engine/src/desk/sizing.policy.boundaries.spec.ts', 'libs/risk-engine/src/desk/sizing.policy.spec.ts']);
    expect(runSpecs(root, { library: riskEngine })).toEqual([
      'libs/risk-engine/src/desk/risk-desk.spec.ts',
      'libs/risk-engine/src/desk/sizing.policy.boundaries.spec.ts',
      'libs/risk-engine/src/desk/sizing.policy.spec.ts',
      'libs/risk-engine/src/risk-engine.spec.ts',
      'libs/risk-engine/src/rules/a.rule.spec.ts',
      'libs/risk-engine/src/rules/nested/b.rule.spec.ts',
    ]);
    // A folder alone (src/*.spec.ts) and a folder and below (rules/**).
    expect(runSpecs(root, { library: riskEngine, group: riskEngine.groups.find((g) => g.name === 'engine') })).toEqual([
      'libs/risk-engine/src/risk-engine.spec.ts',
      'libs/risk-engine/src/rules/a.rule.spec.ts',
      'libs/risk-engine/src/rules/nested/b.rule.spec.ts',
    ]);
    expect(runSpecs(root, { library: library('portfolio') })).toEqual([]);
  });

  it('keeps every result while the specs are those the cache was made with', () => {
    expect(dropStaleStaticResults(root, cache(), runSpecs(root, rules))).toBe(0);
    expect(statuses()).toEqual(['1', '2', '3', '4']);
  });

  it.each([
    ['edited', () => write('libs/risk-engine/src/rules/a.rule.spec.ts', 'spec a, one more test')],
    ['added', () => write('libs/risk-engine/src/rules/e.rule.spec.ts', 'spec e')],
    ['removed', () => rmSync(join(root, 'libs/risk-engine/src/rules/nested/b.rule.spec.ts'))],
  ])('drops the static results, and only those, once a spec is %s', (_how, change) => {
    change();
    expect(dropStaleStaticResults(root, cache(), runSpecs(root, rules))).toBe(1);
    expect(statuses()).toEqual(['2', '3', '4']);
  });

  it('drops the timed-out results, and only those, for --retest-timeouts', () => {
    expect(dropTimeoutResults(cache())).toBe(1);
    expect(statuses()).toEqual(['1', '2', '3']);
    expect(dropTimeoutResults(join(root, 'reports/none.json'))).toBe(0);
  });

  it('does nothing without a cache', () => {
    expect(dropStaleStaticResults(root, join(root, 'reports/none.json'), [])).toBe(0);
  });
});
