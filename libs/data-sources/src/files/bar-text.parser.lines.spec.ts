import { ColumnRole, detectBarFileLayout } from './bar-file.format';
import { parseBarFile } from './bar-file.reader';
import { parseBarBytes } from './bar-text.parser';
import { parseTimeZone } from './source-time-zone';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'latin1');
const parse = (text: string) => parseBarFile(bytes(text), 'EURUSD_H1.csv');
/** Rows the columns have room for: their shared buffer outlives the subarray handed out. */
const capacityOf = (columns: { time: Float64Array }): number => columns.time.buffer.byteLength / 8;
/** `count` rows of exactly 20 bytes (epoch seconds and five ones), one hour apart. */
const hourlyRows = (count: number): string[] => Array.from({ length: count }, (_, i) => `${1_641_204_000 + i * 3600},1,1,1,1,1`);

describe('bar text lines', () => {
  it('numbers rows by file line over runs of blank lines, LF or CRLF', () => {
    const lf = parse('time,open,high,low,close,volume\n1,1,1,1,1,1\n\n\n2,1,1,1,1,1\n\n3,1,1,1,1,1\n');
    expect([Array.from(lf.rows), Array.from(lf.columns.volume)]).toEqual([
      [1, 4, 6],
      [1, 1, 1],
    ]);
    const crlf = parse('time,open,high,low,close,volume\r\n1,1,1,1,1,1\r\n\r\n\r\n2,1,1,1,1,1\r\n3,1,1,1,1,1\r\n');
    expect(Array.from(crlf.rows)).toEqual([1, 4, 5]);
    expect(Array.from(crlf.columns.time)).toEqual([1000, 2000, 3000]);
  });

  it('counts a line holding only a CR as blank, and reads the row after it whole', () => {
    const file = parse('time,open,high,low,close,volume\n1,1,1,1,1,1\n\r2,1,1,1,1,1\n');
    expect([Array.from(file.rows), Array.from(file.columns.time)]).toEqual([
      [1, 3],
      [1000, 2000],
    ]);
  });

  it('reads a spread missing from a short row as NaN when the file has a spread column, and 0 when it has none', () => {
    expect(Array.from(parse('time,open,high,low,close,volume,spread\n1,1,1,1,1,1\n2,1,1,1,1,1,4\n').columns.spread)).toEqual([Number.NaN, 4]);
    expect(Array.from(parse('time,open,high,low,close,volume\n1,1,1,1,1,1,4\n').columns.spread)).toEqual([0]);
  });

  it('ignores fields beyond the header, quoted or not', () => {
    const { columns } = parse('time,open,high,low,close,volume\n1,1.1,1.2,1.0,1.15,7,"2022-01-03",x,9\n');
    expect([columns.time[0], columns.open[0], columns.close[0], columns.volume[0]]).toEqual([1000, 1.1, 1.15, 7]);
  });

  it('allocates for the rows the first line promises, 2 % more and 16 spare', () => {
    // 100 rows of 21 bytes (20 and LF): 2,100 / 21 = 100 rows, 102 with 2 %, and 16 spare.
    const even = parse(['time,open,high,low,close,volume', ...hourlyRows(100)].join('\n') + '\n').columns;
    expect([even.length, capacityOf(even)]).toEqual([100, 118]);
    // Lines are taken as at least 16 bytes: 50 rows of 12 bytes are 600 / 16 = 37.5 rows, 38.25 with 2 %: 39 and 16.
    const short = parse(['time,open,high,low,close,volume', ...Array.from({ length: 50 }, () => '0,1,1,1,1,1')].join('\n') + '\n').columns;
    expect([short.length, capacityOf(short)]).toEqual([50, 55]);
    // One row of 60 bytes and no line end: 60 / 61 rows, 1.003 with 2 %: 2 and 16.
    const single = parse(`time,open,high,low,close,volume,note\n1,1,1,1,1,1,${'x'.repeat(48)}`).columns;
    expect([single.length, capacityOf(single)]).toEqual([1, 18]);
  });

  it('grows the columns by half and 16 when the first line promised too few rows, keeping every row', () => {
    // A 200-byte first row and 40 of 20: 1,041 bytes / 201 = 5.2 rows, 5.3 with 2 %: 6 and 16 = 22; then 22 * 1.5 + 16 = 49.
    const first = `1641200400,1,1,1,1,1,${'x'.repeat(179)}`;
    const { columns, rows } = parse(['time,open,high,low,close,volume,note', first, ...hourlyRows(40)].join('\n') + '\n');
    expect([columns.length, capacityOf(columns)]).toEqual([41, 49]);
    expect([columns.time[0], columns.time[40], rows[40]]).toEqual([1_641_200_400_000, (1_641_204_000 + 39 * 3600) * 1000, 41]);
  });

  it('parses bytes with a layout and no zone as UTC, and with a zone in that zone', () => {
    const text = bytes('time,open,high,low,close,volume\n2022-01-03 10:00:00,1,1,1,1,1\n');
    const layout = detectBarFileLayout(text, 'x.csv');
    expect(parseBarBytes(text, layout, { symbol: 'EURUSD', timeframe: 'H1' }).columns.time[0]).toBe(Date.UTC(2022, 0, 3, 10));
    expect(parseBarBytes(text, layout, { symbol: 'EURUSD', timeframe: 'H1', zone: parseTimeZone('+02:00') }).columns.time[0]).toBe(Date.UTC(2022, 0, 3, 8));
  });

  it('reads a number at the very first byte of a layout built by hand, one point at most', () => {
    const layout = { format: 'plain-csv' as const, delimiter: 44, roles: [ColumnRole.open, ColumnRole.close], hasSpread: false, dataStart: 0 };
    const opens = (text: string): number[] => Array.from(parseBarBytes(bytes(text), layout, { symbol: 'EURUSD', timeframe: 'H1' }).columns.open);
    expect(opens('.25,1\n.5,2\n')).toEqual([0.25, 0.5]);
    expect(opens('.5.2,1\n')).toEqual([Number.NaN]);
  });
});
