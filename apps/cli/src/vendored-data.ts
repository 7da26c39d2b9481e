// The real bar files vendored in data/ (data/README.md gives their origin and
// SHA-256): the default input of `trading run` and of the benchmarks, so they
// run from a clone of the project with nothing beside it.
import { resolve } from 'node:path';

export const DATA_DIR = resolve(__dirname, '..', '..', '..', 'data');

export const vendoredData = {
  /** EURUSD H1 2015-03..2022-07, MT5 comma export, 45,779 bars. */
  eurusdH1: resolve(DATA_DIR, 'history', 'EURUSD_H1_2015-03_2022-07.csv.gz'),
  /** EURUSD M1 2022-01..02, quoted tab form, 49,993 bars. */
  eurusdM1: resolve(DATA_DIR, 'history', 'EURUSD_M1_2022-01_2022-02.csv.gz'),
  /** EURUSD M5 2021-06..2022-02, quoted tab form, 50,000 rows (198 repeats). */
  eurusdM5: resolve(DATA_DIR, 'EURUSD_M5_2021-06_2022-02.csv.gz'),
  /** One of the six 2025 H1 pairs (MT5 tab export). */
  fxH1_2025: (symbol: string): string => resolve(DATA_DIR, `${symbol}_H1.csv.gz`),
} as const;
