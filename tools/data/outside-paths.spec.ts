// A clone of the project stands alone: no test, benchmark, fixture or README
// example may read a path outside the repository (the machine's shared data
// folder, another checkout). The detector is checked on planted paths first,
// so an empty result below means something.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { outsidePathsIn, projectTextFiles } from './outside-paths';

const root = resolve(__dirname, '..', '..');

describe('paths outside the repository', () => {
  it('finds a fixture that climbs out of the repository, and not one that stays in it', () => {
    const file = join('libs', 'strategies', 'src', 'testing', 'planted.fixture.ts');
    const text = [
      "const out = resolve(__dirname, '..', '..', '..', '..', '..', 'shared', 'data');",
      "const vendored = resolve(__dirname, '..', '..', '..', '..', 'data', 'history');",
      "const beside = resolve(root, '..', 'shared', 'data', 'EURUSD_M5_2021-06_2022-02.csv');",
    ].join('\n');
    expect(outsidePathsIn(root, file, text).map((found) => [found.line, found.resolved])).toEqual([
      [1, resolve(root, '..', 'shared', 'data')],
      [3, resolve(root, '..', 'shared', 'data', 'EURUSD_M5_2021-06_2022-02.csv')],
    ]);
  });

  it('finds a README example that reads ../shared/data, or a machine path, and not data/', () => {
    const text = [
      'npx trading backtest --data ../shared/data/EURUSD_M5_2021-06_2022-02.csv',
      'npx trading backtest --data data/EURUSD_M5_2021-06_2022-02.csv.gz',
      'see /work/shared/data/README.md',
    ].join('\n');
    expect(outsidePathsIn(root, 'README.md', text).map((found) => [found.line, found.text])).toEqual([
      [1, '../shared/data/EURUSD_M5_2021-06_2022-02.csv'],
      [3, '/work/shared/data/README.md'],
    ]);
  });

  it('finds none in any test, benchmark, fixture, document or CI script of the project', () => {
    const files = projectTextFiles(root);
    expect(files).toEqual(expect.arrayContaining(['README.md', join('data', 'README.md'), join('apps', 'cli', 'src', 'commands', 'backtest.command.e2e-spec.ts')]));
    const found = files.filter((file) => file !== join('tools', 'data', 'outside-paths.spec.ts')).flatMap((file) => outsidePathsIn(root, file, readFileSync(join(root, file), 'utf8')));
    expect(found.map((path) => `${path.file}:${path.line}: ${path.text}`)).toEqual([]);
  });
});
