import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sharedData } from '@trading/test-support';
import { importBarFile, importBarFileSync } from './bar-file.reader';

describe('importing the real FX files', () => {
  it('reads all 45,779 bars of the 2015-2022 H1 export with no repeats and no OHLC errors', () => {
    const { columns, report, format } = importBarFileSync(sharedData.eurusdH1());
    expect(format).toBe('mt5-comma');
    expect(report.bars).toBe(45_779);
    expect(report.kept).toBe(45_779);
    expect(report.counts).toMatchObject({ duplicate: 0, backwards: 0, ohlc: 0, nonfinite: 0, nonpositive: 0 });
    // Christmas and New Year closures, read in the file's own (broker) clock.
    expect(report.counts.gap).toBe(13);
    expect(columns.time[0]).toBe(Date.UTC(2015, 2, 9, 14));
    expect(columns.time[columns.length - 1]).toBe(Date.UTC(2022, 6, 19, 22));
    expect(columns.close[columns.length - 1]).toBe(1.0221);
  });

  it('finds exactly 198 repeated timestamps and 13 backward steps in the M5 file, and drops them', () => {
    const { columns, report } = importBarFileSync(sharedData.eurusdM5());
    expect(report.bars).toBe(50_000);
    expect(report.counts.duplicate).toBe(198);
    expect(report.counts.backwards).toBe(13);
    expect(report.counts.unordered).toBe(0);
    expect(report.dropped).toBe(198);
    expect(report.kept).toBe(49_802);
    const repeats = report.findings.filter((f) => f.kind === 'duplicate');
    const perTime = new Map<number | null, number>();
    for (const f of repeats) perTime.set(f.time, (perTime.get(f.time) ?? 1) + 1);
    expect(perTime.size).toBe(33);
    expect(Math.max(...perTime.values())).toBe(14);
    // Every backward step is also a repeat.
    const repeatedRows = new Set(repeats.map((f) => f.row));
    expect(report.findings.filter((f) => f.kind === 'backwards').every((f) => repeatedRows.has(f.row))).toBe(true);
    for (let i = 1; i < columns.length; i++) if (!(columns.time[i] > columns.time[i - 1])) throw new Error(`bar ${i} not after bar ${i - 1}`);
  });

  it('reads each 2025 H1 file cleanly; the only gaps are Christmas and New Year', () => {
    const expected: Record<string, number> = { EURUSD: 3608, GBPUSD: 3608, USDCHF: 3594, USDCAD: 3608, AUDUSD: 3608, EURGBP: 3608 };
    for (const [symbol, bars] of Object.entries(expected)) {
      const { columns, report, format } = importBarFileSync(sharedData.fxH1_2025(symbol));
      expect([symbol, format, report.bars, report.kept]).toEqual([symbol, 'mt5-tab', bars, bars]);
      expect(columns.symbol).toBe(symbol);
      expect(report.counts).toMatchObject({ duplicate: 0, backwards: 0, ohlc: 0, nonfinite: 0, nonpositive: 0, gap: 2 });
    }
  });

  it('reads the M5 file in New York time, where its weekends line up with the FX close', () => {
    const { report, columns } = importBarFileSync(sharedData.eurusdM5(), { tz: 'America/New_York' });
    expect(report.counts.gap).toBe(1);
    expect(columns.time[0]).toBe(Date.UTC(2021, 5, 24, 20, 5));
  });

  it('reads the vendored gzip file and its plain copy to the same bars and report, asynchronously too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bar-import-'));
    try {
      const plainFile = join(dir, 'EURUSD_M5_2021-06_2022-02.csv');
      writeFileSync(plainFile, gunzipSync(readFileSync(sharedData.eurusdM5())));
      const plain = importBarFileSync(plainFile);
      const compressed = await importBarFile(sharedData.eurusdM5());
      expect([plain.compressed, compressed.compressed]).toEqual([false, true]);
      expect(compressed.report).toEqual(plain.report);
      expect(compressed.columns.close).toEqual(plain.columns.close);
      // Gzipped twice is not a bar file: named, never quoted as text.
      const twice = join(dir, 'EURUSD_M5_twice.csv.gz');
      writeFileSync(twice, gzipSync(readFileSync(sharedData.eurusdM5())));
      await expect(importBarFile(twice)).rejects.toThrow(`${twice}: not a text bar file (its first line holds binary bytes)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the file it cannot read', async () => {
    await expect(importBarFile('/nonexistent/EURUSD_H1.csv')).rejects.toThrow('cannot read bar file /nonexistent/EURUSD_H1.csv: no such file');
    expect(() => importBarFileSync('/tmp')).toThrow('it is a directory');
  });
});
