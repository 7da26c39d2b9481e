// Paths to the real FX bar files that tests, benchmarks and demos run on.
// They live in ../shared/data beside the project (read-only); the vendored
// sample in data/ is what the embedded run uses.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const workspaceRoot = resolve(__dirname, '..', '..', '..');

export function sharedDataPath(...parts: string[]): string {
  const path = join(workspaceRoot, '..', 'shared', 'data', ...parts);
  if (!existsSync(path)) throw new Error(`shared data file missing: ${path}`);
  return path;
}

export const sharedData = {
  eurusdH1: () => sharedDataPath('EURUSD_H1_2015-03_2022-07.csv'),
  eurusdM5: () => sharedDataPath('EURUSD_M5_2021-06_2022-02.csv'),
  eurusdM1: () => sharedDataPath('EURUSD_M1_2022-01_2022-02.csv'),
  fxH1_2025: (symbol: string) => sharedDataPath('fx-h1-2025', `${symbol}_H1.csv`),
} as const;
