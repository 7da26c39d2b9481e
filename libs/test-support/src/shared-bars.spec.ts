import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { barAt } from '@trading/domain';
import { readSharedBars } from './shared-bars';
import { sharedData } from './shared-data';

describe('readSharedBars', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'shared-bars-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads the comma-separated MT5 export with <TICKVOL> as the volume and <SPREAD> in points', () => {
    const bars = readSharedBars(sharedData.eurusdH1(), 'EURUSD', 'H1');
    expect(bars.length).toBe(45_779);
    expect(barAt(bars, 0)).toEqual({ symbol: 'EURUSD', timeframe: 'H1', time: Date.UTC(2015, 2, 9, 14), open: 1.08603, high: 1.08681, low: 1.0846, close: 1.08578, volume: 4992, spread: 10 });
    expect(barAt(bars, bars.length - 1)).toMatchObject({ time: Date.UTC(2022, 6, 19, 22), close: 1.0221, volume: 24123, spread: 8 });
  });

  it('reads the tab-separated MT5 export of the 2025 pairs', () => {
    const bars = readSharedBars(sharedData.fxH1_2025('EURUSD'), 'EURUSD', 'H1');
    expect(bars.length).toBe(3608);
    expect(barAt(bars, 0)).toEqual({ symbol: 'EURUSD', timeframe: 'H1', time: Date.UTC(2025, 5, 23), open: 1.14565, high: 1.14745, low: 1.14565, close: 1.14721, volume: 644, spread: 7 });
    expect(bars.time[bars.length - 1]).toBe(Date.UTC(2026, 0, 21, 10));
  });

  it('drops the 198 repeated rows of the M5 file (the 13 backward steps among them)', () => {
    const bars = readSharedBars(sharedData.eurusdM5(), 'EURUSD', 'M5');
    expect(bars.length).toBe(50_000 - 198);
    expect(bars.time.every((time, i) => i === 0 || time > bars.time[i - 1])).toBe(true);
    expect(barAt(bars, 0)).toEqual({ symbol: 'EURUSD', timeframe: 'M5', time: Date.UTC(2021, 5, 24, 16, 5), open: 1.19328, high: 1.19337, low: 1.19324, close: 1.19332, volume: 260, spread: 0 });
    expect(bars.time[bars.length - 1]).toBe(Date.UTC(2022, 1, 22, 15, 25));
  });

  it('keeps the first row of a time and drops a later repeat or a step back', () => {
    const path = file(
      'repeats.csv',
      [
        '"Time\tOpen\tHigh\tLow\tClose\tVolume"',
        '"2022-01-04 18:00:00\t1.12834\t1.1284\t1.12834\t1.12838\t24"',
        '"2022-01-04 18:01:00\t1.1284\t1.1284\t1.12837\t1.12837\t6"',
        '"2022-01-04 18:01:00\t1.1285\t1.1286\t1.1284\t1.1285\t9"',
        '"2022-01-04 18:00:00\t1.12834\t1.1284\t1.12834\t1.12838\t24"',
        '"2022-01-04 18:02:00\t1.12837\t1.12842\t1.12836\t1.1284\t11"',
        '',
      ].join('\r\n'),
    );
    const bars = readSharedBars(path, 'EURUSD', 'M1');
    expect(Array.from(bars.time)).toEqual([Date.UTC(2022, 0, 4, 18), Date.UTC(2022, 0, 4, 18, 1), Date.UTC(2022, 0, 4, 18, 2)]);
    expect(Array.from(bars.close)).toEqual([1.12838, 1.12837, 1.1284]);
    expect(Array.from(bars.volume)).toEqual([24, 6, 11]);
  });

  it('reads each file once and hands every caller the same columns', () => {
    expect(readSharedBars(sharedData.eurusdM1(), 'EURUSD', 'M1')).toBe(readSharedBars(sharedData.eurusdM1(), 'EURUSD', 'M1'));
  });

  it('names the file and line of a row it cannot read, and refuses a layout it does not know', () => {
    const header = '<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>\n';
    const good = '2025.06.23\t00:00:00\t1.14565\t1.14745\t1.14565\t1.14721\t644\t0\t7\n';
    const short = file('short.csv', `${header}${good}2025.06.23\t01:00:00\t1.14721\t1.14943\n`);
    expect(() => readSharedBars(short, 'EURUSD', 'H1')).toThrow(`${short}:3: expected 9 fields, got 4`);
    const price = file('price.csv', `${header}${good}2025.06.23\t01:00:00\t1.14721\t\t1.14721\t1.14885\t3043\t0\t7\n`);
    expect(() => readSharedBars(price, 'EURUSD', 'H1')).toThrow(`${price}:3: "" is not a number`);
    const stamp = file('stamp.csv', `${header}23.06.2025\t00:00:00\t1.14565\t1.14745\t1.14565\t1.14721\t644\t0\t7\n`);
    expect(() => readSharedBars(stamp, 'EURUSD', 'H1')).toThrow(`${stamp}:2: unreadable time "23.06.2025 00:00:00"`);
    const plain = file('plain.csv', 'time,open,high,low,close,volume\n1750636800000,1.1,1.2,1.0,1.15,10\n');
    expect(() => readSharedBars(plain, 'EURUSD', 'H1')).toThrow(`${plain}: not an MT5 export nor the quoted tab-separated form, header "time,open,high,low,close,volume"`);
  });
});
