import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { detectBarFileLayout } from './bar-file.format';
import { parseBarFile } from './bar-file.reader';
import { parseDecimal } from './bar-text.parser';
import { daysFromCivil } from './civil-time';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'latin1');
const parse = (text: string, name = 'EURUSD_H1.csv', tz?: string) => parseBarFile(bytes(text), name, { tz });

describe('bar file parsing', () => {
  it('reads the MT5 comma export, taking Adj Close as close and <TICKVOL> as volume', () => {
    const file = parse(
      '<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,Adj Close,<TICKVOL>,<VOL>,<SPREAD>\n' +
        '2015.03.09,14:00:00,1.08603,1.08681,1.0846,1.08578,4992,4480300000,10\n' +
        '2015.03.09,15:00:00,1.08584,1.08731,1.08545,1.08582,5974,10098850000,11\n',
    );
    expect(file.format).toBe('mt5-comma');
    const c = file.columns;
    expect(c.symbol).toBe('EURUSD');
    expect(c.timeframe).toBe('H1');
    expect(c.length).toBe(2);
    expect(Array.from(c.time)).toEqual([Date.UTC(2015, 2, 9, 14), Date.UTC(2015, 2, 9, 15)]);
    expect(Array.from(c.open)).toEqual([1.08603, 1.08584]);
    expect(Array.from(c.low)).toEqual([1.0846, 1.08545]);
    expect(Array.from(c.close)).toEqual([1.08578, 1.08582]);
    expect(Array.from(c.volume)).toEqual([4992, 5974]);
    expect(Array.from(c.spread)).toEqual([10, 11]);
    expect(Array.from(file.rows)).toEqual([1, 2]);
  });

  it('reads the MT5 tab export with CRLF line ends', () => {
    const file = parse('<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>\r\n2025.06.23\t00:00:00\t1.14565\t1.14745\t1.14565\t1.14721\t644\t0\t7\r\n');
    expect(file.format).toBe('mt5-tab');
    expect(file.columns.time[0]).toBe(Date.UTC(2025, 5, 23));
    expect(file.columns.close[0]).toBe(1.14721);
    expect(file.columns.volume[0]).toBe(644);
    expect(file.columns.spread[0]).toBe(7);
  });

  it('reads the quoted tab-separated form, with no spread column giving spread 0', () => {
    const file = parse('"Time\tOpen\tHigh\tLow\tClose\tVolume"\r\n"2021-06-24 16:05:00\t1.19328\t1.19337\t1.19324\t1.19332\t260"\r\n', 'EURUSD_M5_2021.csv');
    expect(file.format).toBe('quoted-tab');
    expect(file.columns.timeframe).toBe('M5');
    expect(file.columns.time[0]).toBe(Date.UTC(2021, 5, 24, 16, 5));
    expect(file.columns.high[0]).toBe(1.19337);
    expect(file.columns.volume[0]).toBe(260);
    expect(file.columns.spread[0]).toBe(0);
  });

  it('reads plain CSV times as "YYYY-MM-DD HH:MM:SS", ISO with or without a zone, and epoch ms', () => {
    const file = parse(
      'time,open,high,low,close,volume,spread\n' +
        '2022-01-03 10:00:00,1,2,0.5,1.5,10,3\n' +
        '2022-01-03T11:00:00Z,1,2,0.5,1.5,10,3\n' +
        '2022-01-03T14:00:00+02:00,1,2,0.5,1.5,10,3\n' +
        `${Date.UTC(2022, 0, 3, 13)},1,2,0.5,1.5,10,3\n` +
        '2022.01.03 14:00,1,2,0.5,1.5,10,3\n',
      'GBPUSD_H1.csv',
    );
    expect(file.format).toBe('plain-csv');
    expect(Array.from(file.columns.time)).toEqual([10, 11, 12, 13, 14].map((h) => Date.UTC(2022, 0, 3, h)));
  });

  it('reads an epoch below 1e11 as Unix seconds, not as milliseconds in 1970', () => {
    const file = parse(`time,open,high,low,close,volume\n${Date.UTC(2022, 0, 3, 10) / 1000},1,2,0.5,1.5,10\n${Date.UTC(2022, 0, 3, 11)},1,2,0.5,1.5,10\n`);
    expect(Array.from(file.columns.time)).toEqual([Date.UTC(2022, 0, 3, 10), Date.UTC(2022, 0, 3, 11)]);
  });

  it('shifts wall-clock times by the source zone but leaves times that carry their own zone alone', () => {
    const text = 'time,open,high,low,close,volume\n2022-07-01 03:00:00,1,1,1,1,1\n2022-07-01T03:00:00Z,1,1,1,1,1\n';
    expect(Array.from(parse(text, 'EURUSD_H1.csv', 'Europe/Athens').columns.time)).toEqual([Date.UTC(2022, 6, 1, 0), Date.UTC(2022, 6, 1, 3)]);
    expect(parse(text, 'EURUSD_H1.csv', '+02:00').columns.time[0]).toBe(Date.UTC(2022, 6, 1, 1));
  });

  it('turns unreadable fields and short lines into NaN, and numbers rows by file line including blank lines', () => {
    const file = parse('time,open,high,low,close,volume\n2022-01-03 10:00:00,1.1,abc,1,1,1\n\n2022-02-30 10:00:00,1,1,1,1,1\n2022-01-03 12:00:00,1,1\n2022-01-03 13:00:00,1e-1,1,1,1,1\n');
    const c = file.columns;
    expect(c.length).toBe(4);
    expect(Array.from(file.rows)).toEqual([1, 3, 4, 5]);
    expect(c.high[0]).toBeNaN();
    expect(c.time[1]).toBeNaN();
    expect(c.close[2]).toBeNaN();
    expect(c.open[3]).toBe(0.1);
  });

  it('reads impossible dates and times (Feb 30, Feb 29 of a common year, 25:00, minute 60) as unreadable times', () => {
    const file = parse(
      '<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>\n' +
        ['2025.02.30\t00:00:00', '2025.02.29\t00:00:00', '2024.02.29\t00:00:00', '2025.06.22\t25:00:00', '2025.06.22\t10:60:00', '2025.13.01\t00:00:00']
          .map((stamp) => `${stamp}\t1.1\t1.2\t1.0\t1.15\t10\t0\t7\n`)
          .join(''),
    );
    expect(Array.from(file.columns.time).map((t) => (Number.isNaN(t) ? 'NaN' : t))).toEqual(['NaN', 'NaN', Date.UTC(2024, 1, 29), 'NaN', 'NaN', 'NaN']);
  });

  it('keeps every row when later lines are much shorter than the first', () => {
    const lines = ['time,open,high,low,close,volume,note', `2022-01-03 00:00:00,1.5,1.5,1.5,1.5,1,${'x'.repeat(400)}`];
    for (let i = 1; i < 500; i++) lines.push(`${Date.UTC(2022, 0, 3) + i * 60_000},1.5,1.5,1.5,1.5,${i},`);
    const file = parse(lines.join('\n'), 'EURUSD_M1.csv');
    expect(file.columns.length).toBe(500);
    expect(file.columns.time[499]).toBe(Date.UTC(2022, 0, 3) + 499 * 60_000);
    expect(file.columns.volume[499]).toBe(499);
    expect(file.rows[499]).toBe(500);
  });

  it('reads padded, signed and exponent numbers and refuses trailing garbage', () => {
    const file = parse('time,open,high,low,close,volume\n2022-01-03 10:00:00, 1.5 ,+2,1.5e0,1.2 x,-\n');
    const c = file.columns;
    expect([c.open[0], c.high[0], c.low[0]]).toEqual([1.5, 2, 1.5]);
    expect(c.close[0]).toBeNaN();
    expect(c.volume[0]).toBeNaN();
  });

  it('reads gzip-compressed bytes transparently', () => {
    const text = 'time,open,high,low,close,volume\n2022-01-03 10:00:00,1.1,1.2,1.0,1.15,7\n';
    const file = parseBarFile(gzipSync(Buffer.from(text)), 'EURUSD_H1.csv.gz');
    expect(file.compressed).toBe(true);
    expect(file.columns.close[0]).toBe(1.15);
  });

  it('names the missing column of a header it cannot use', () => {
    expect(() => detectBarFileLayout(bytes('time,open,high,low,volume\n'), 'x.csv')).toThrow('has no close column');
    expect(() => detectBarFileLayout(bytes('open;high\n'), 'x.csv')).toThrow('neither tab nor comma');
    expect(() => detectBarFileLayout(bytes(''), 'x.csv')).toThrow('empty file');
  });

  it('never quotes the bytes of a binary or UTF-16 file in its error', () => {
    // The first bytes of a PNG image, and of a ZIP archive (an .xlsx saved instead of a CSV).
    expect(() => detectBarFileLayout(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]), 'x.csv')).toThrow('x.csv: header "?PNG" has neither tab nor comma separators');
    expect(() => detectBarFileLayout(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x0a]), 'x.csv')).toThrow('x.csv: not a text bar file (its first line holds binary bytes)');
    expect(() => detectBarFileLayout(Uint8Array.from([0xff, 0xfe, 0x3c, 0x00, 0x44, 0x00]), 'x.csv')).toThrow('x.csv: UTF-16 text; save it as UTF-8 or ANSI text');
    expect(() => detectBarFileLayout(Buffer.from('Время;Цена\n', 'utf8'), 'x.csv')).toThrow(/^x\.csv: header "\?+;\?+" has neither tab nor comma separators$/);
  });

  it('parses decimals exactly as parseFloat does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 0, max: 9 }), fc.boolean(), (mantissa, decimals, negative) => {
        const digits = String(mantissa).padStart(decimals + 1, '0');
        const text = `${negative ? '-' : ''}${decimals > 0 ? `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}` : digits}`;
        expect(parseDecimal(bytes(text), 0, text.length)).toBe(Number.parseFloat(text));
      }),
      { numRuns: 2000, seed: 7 },
    );
    expect(parseDecimal(bytes('1.5e3'), 0, 5)).toBe(1500);
    expect(parseDecimal(bytes('Infinity'), 0, 8)).toBeNaN();
    expect(parseDecimal(bytes(''), 0, 0)).toBeNaN();
  });

  it('reads generated price columns exactly as parseFloat does', () => {
    const texts = fc.sample(fc.tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 1, max: 99_999_999 }), fc.nat({ max: 8 })), { numRuns: 300, seed: 3 }).map(
      ([whole, fraction, zeros]) => `${whole}.${'0'.repeat(zeros)}${fraction}`,
    );
    const lines = ['time,open,high,low,close,volume', ...texts.map((t, i) => `${i},${t},${t},${t},${t},${i}`)];
    const c = parse(lines.join('\n')).columns;
    expect(Array.from(c.close)).toEqual(texts.map((t) => Number.parseFloat(t)));
  });

  it('counts days since the epoch like Date.UTC', () => {
    for (let day = -800_000; day < 800_000; day += 997) {
      const date = new Date(day * 86_400_000);
      expect(daysFromCivil(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate())).toBe(day);
    }
  });

  it('tells symbol and timeframe from the file name, or asks for them', () => {
    const text = 'time,open,high,low,close,volume\n';
    expect(parseBarFile(bytes(text), '/x/EURUSD_H1_2015-03_2022-07.csv').columns.timeframe).toBe('H1');
    expect(parseBarFile(bytes(text), 'prices.csv', { symbol: 'usdjpy', timeframe: 'm15' }).columns.symbol).toBe('USDJPY');
    expect(() => parseBarFile(bytes(text), 'prices.csv')).toThrow('cannot tell the symbol and timeframe');
    expect(() => parseBarFile(bytes(text), 'prices.csv', { symbol: 'EURUSD', timeframe: 'H2' })).toThrow('unknown timeframe "H2"');
  });
});
