// Paths to the real FX bar files that tests, benchmarks and demos run on: the
// gzipped copies vendored in data/ (data/README.md gives each one's origin and
// SHA-256), so a clone of the project needs nothing outside itself.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const workspaceRoot = resolve(__dirname, '..', '..', '..');

/** A file under data/; throws naming it when it is missing. */
export function vendoredDataPath(...parts: string[]): string {
  const path = join(workspaceRoot, 'data', ...parts);
  if (!existsSync(path)) throw new Error(`vendored data file missing: ${path} (see data/README.md)`);
  return path;
}

// Where each file of the shared data set lives in data/, by its name there.
const VENDORED: Readonly<Record<string, readonly string[]>> = {
  'EURUSD_H1_2015-03_2022-07.csv': ['history', 'EURUSD_H1_2015-03_2022-07.csv.gz'],
  'EURUSD_M1_2022-01_2022-02.csv': ['history', 'EURUSD_M1_2022-01_2022-02.csv.gz'],
  'EURUSD_M5_2021-06_2022-02.csv': ['EURUSD_M5_2021-06_2022-02.csv.gz'],
  ...Object.fromEntries(['EURUSD', 'GBPUSD', 'USDCHF', 'USDCAD', 'AUDUSD', 'EURGBP'].map((symbol) => [`fx-h1-2025/${symbol}_H1.csv`, [`${symbol}_H1.csv.gz`]])),
};

/** The vendored copy of a file named as in the shared data set (`fx-h1-2025/EURUSD_H1.csv`, `EURUSD_M5_2021-06_2022-02.csv`). */
export function sharedDataPath(...parts: string[]): string {
  const name = parts.join('/');
  const vendored = VENDORED[name];
  if (!vendored) throw new Error(`no vendored copy of "${name}" in data/ (vendored: ${Object.keys(VENDORED).join(', ')})`);
  return vendoredDataPath(...vendored);
}

export const sharedData = {
  eurusdH1: () => sharedDataPath('EURUSD_H1_2015-03_2022-07.csv'),
  eurusdM5: () => sharedDataPath('EURUSD_M5_2021-06_2022-02.csv'),
  eurusdM1: () => sharedDataPath('EURUSD_M1_2022-01_2022-02.csv'),
  fxH1_2025: (symbol: string) => sharedDataPath('fx-h1-2025', `${symbol}_H1.csv`),
} as const;

/** A data file's text, gunzipped when it is a .gz. */
export function readDataText(path: string): string {
  const bytes = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}
