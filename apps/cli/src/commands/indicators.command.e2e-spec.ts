import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sharedData } from '@trading/test-support';

const root = resolve(__dirname, '..', '..', '..', '..');
const trading = join(root, 'node_modules', '.bin', 'trading');
const h1File = sharedData.eurusdH1();
const m5File = sharedData.eurusdM5();

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(trading, args, { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('trading indicators', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'trading-indicators-e2e-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a CSV aligned with the H1 bars: time column, empty warm-up, TA-Lib values', () => {
    const out = join(dir, 'h1.csv');
    const { status, stdout } = run('indicators', '--data', h1File, '--ind', 'rsi:14,macd:12:26:9,obv', '--out', out, '--json');
    expect(status).toBe(0);
    const summary = JSON.parse(stdout) as { bars: number; dropped: number; columns: string[] };
    expect(summary).toMatchObject({ bars: 45_779, dropped: 0 });
    expect(summary.columns).toEqual(['time', 'rsi_14', 'macd_12_26_9_line', 'macd_12_26_9_signal', 'macd_12_26_9_hist', 'obv']);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(45_780);
    expect(lines[0]).toBe('time,rsi_14,macd_12_26_9_line,macd_12_26_9_signal,macd_12_26_9_hist,obv');
    expect(lines[1]).toBe('2015-03-09T14:00:00.000Z,,,,,4992');
    // Bar 14 is RSI's first value, bar 33 MACD's (header is line 0).
    expect(lines[14].split(',')[1]).toBe('');
    expect(lines[15].split(',')[1]).not.toBe('');
    expect(lines[33].split(',')[2]).toBe('');
    expect(lines[34].split(',')[2]).not.toBe('');
    // Bar 1000 against TA-Lib's RSI(14) there.
    expect(Number(lines[1001].split(',')[1])).toBeCloseTo(73.92223378796984, 9);
  });

  it('writes column-oriented JSON with null during warm-up and drops the M5 file repeats', () => {
    const out = join(dir, 'm5.json');
    const { status, stderr } = run('indicators', '--data', m5File, '--ind', 'sma:3,bbands:20:2', '--out', out);
    expect(status).toBe(0);
    expect(stderr).toContain('198 rows dropped');
    const table = JSON.parse(readFileSync(out, 'utf8')) as Record<string, (number | null)[] | string[]>;
    expect(Object.keys(table)).toEqual([
      'time',
      'sma_3',
      'bbands_20_2_upper',
      'bbands_20_2_middle',
      'bbands_20_2_lower',
      'bbands_20_2_percentb',
      'bbands_20_2_bandwidth',
    ]);
    expect(table['time']).toHaveLength(49_802);
    expect(table['time'][0]).toBe('2021-06-24T16:05:00.000Z');
    expect(table['sma_3'].slice(0, 2)).toEqual([null, null]);
    // The first three closes of the file: 1.19332, 1.19327, 1.19313.
    expect(table['sma_3'][2]).toBeCloseTo((1.19332 + 1.19327 + 1.19313) / 3, 12);
    expect(table['bbands_20_2_upper'][18]).toBeNull();
    expect(typeof table['bbands_20_2_upper'][19]).toBe('number');
  });

  it('fails with one clear line naming the bad flag', () => {
    const badInd = run('indicators', '--data', h1File, '--ind', 'rsi:0', '--out', join(dir, 'x.csv'));
    expect(badInd.status).toBe(2);
    expect(badInd.stderr.trim()).toBe('trading: --ind: rsi: period must be an integer >= 1, got 0');
    const unknown = run('indicators', '--data', h1File, '--ind', 'foo:3', '--out', join(dir, 'x.csv'));
    expect(unknown.stderr).toContain('trading: --ind: unknown indicator "foo"');
    const badOut = run('indicators', '--data', h1File, '--ind', 'rsi', '--out', join(dir, 'x.parquet'));
    expect(badOut.status).toBe(2);
    expect(badOut.stderr.trim()).toBe(`trading: --out: expected a path ending in .csv or .json, got "${join(dir, 'x.parquet')}"`);
    const missing = run('indicators', '--data', join(dir, 'EURUSD_H1_missing.csv'), '--ind', 'rsi', '--out', join(dir, 'x.csv'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('trading: --data: cannot read bar file');
  });
});
