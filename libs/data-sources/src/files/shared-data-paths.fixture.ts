// Paths of the real FX files in ../shared/data for this library's specs (an
// adapter may not import the test-support project, so the path is rebuilt here).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const SHARED_DATA = resolve(__dirname, '..', '..', '..', '..', '..', 'shared', 'data');

function sharedDataPath(...parts: string[]): string {
  const path = join(SHARED_DATA, ...parts);
  if (!existsSync(path)) throw new Error(`shared data file missing: ${path}`);
  return path;
}

export const sharedData = {
  eurusdH1: () => sharedDataPath('EURUSD_H1_2015-03_2022-07.csv'),
  eurusdM5: () => sharedDataPath('EURUSD_M5_2021-06_2022-02.csv'),
  eurusdM1: () => sharedDataPath('EURUSD_M1_2022-01_2022-02.csv'),
  fxH1_2025: (symbol: string) => sharedDataPath('fx-h1-2025', `${symbol}_H1.csv`),
} as const;
