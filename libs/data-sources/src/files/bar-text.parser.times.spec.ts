import { parseBarFile } from './bar-file.reader';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'latin1');
const times = (text: string, tz?: string): (number | 'NaN')[] => Array.from(parseBarFile(bytes(text), 'EURUSD_H1.csv', { tz }).columns.time, (t) => (Number.isNaN(t) ? 'NaN' : t));
/** One plain-CSV row per time stamp. */
const stamps = (list: string[], tz?: string) => times(`time,open,high,low,close,volume\n${list.map((stamp) => `${stamp},1,1,1,1,1\n`).join('')}`, tz);
/** One MT5 row per date and time. */
const mt5 = (list: [string, string][]) => times(`<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\n${list.map(([d, t]) => `${d}\t${t}\t1\t1\t1\t1\t1\n`).join('')}`);

describe('bar text times', () => {
  it('reads a date alone as its midnight, and refuses other separators between date and time', () => {
    expect(stamps(['2022-01-03', '2022-01-03_10:00:00', '2022.12.31 23:59:59'])).toEqual([Date.UTC(2022, 0, 3), 'NaN', Date.UTC(2022, 11, 31, 23, 59, 59)]);
    // Any one-byte separator inside the date, even one above the digits in ASCII.
    expect(stamps(['2022_01_03 10:00:00', '2022/01/03 10:00:00'])).toEqual([Date.UTC(2022, 0, 3, 10), Date.UTC(2022, 0, 3, 10)]);
  });

  it('reads ISO times with milliseconds, nines and a lower-case z', () => {
    expect(stamps(['2022-01-03T10:00:00.250Z', '2022-01-03T09:59:59z', '2022-01-03T10:00:00.5'])).toEqual([Date.UTC(2022, 0, 3, 10, 0, 0, 250), Date.UTC(2022, 0, 3, 9, 59, 59), Date.UTC(2022, 0, 3, 10, 0, 0, 500)]);
  });

  it('reads offsets written +HH, +HHMM, +HH:MM or -HH:MM, and nothing else', () => {
    expect(stamps(['2022-01-03T10:00:00+02', '2022-01-03T10:00:00+0230', '2022-01-03T10:00:00+02:30', '2022-01-03T10:00:00-05:00'])).toEqual([
      Date.UTC(2022, 0, 3, 8),
      Date.UTC(2022, 0, 3, 7, 30),
      Date.UTC(2022, 0, 3, 7, 30),
      Date.UTC(2022, 0, 3, 15),
    ]);
    // Minutes other than :30, two-digit hours, and an offset after milliseconds.
    expect(stamps(['2022-01-03T10:00:00+05:45', '2022-01-03T10:00:00+0545', '2022-01-03T10:00:00-10:00', '2022-01-03T10:00:00.250+02:30'])).toEqual([
      Date.UTC(2022, 0, 3, 4, 15),
      Date.UTC(2022, 0, 3, 4, 15),
      Date.UTC(2022, 0, 3, 20),
      Date.UTC(2022, 0, 3, 7, 30, 0, 250),
    ]);
    expect(stamps(['2022-01-03T10:00:00+2', '2022-01-03T10:00:00+020', '2022-01-03T10:00:00+02x30', '2022-01-03T10:00:00ZZ', '2022-01-03T10:00:00*02:00', '2022-01-03T10:00:00+02:300', '2022-01-03T10:00:00+'])).toEqual(['NaN', 'NaN', 'NaN', 'NaN', 'NaN', 'NaN', 'NaN']);
  });

  it('reads a time with an unreadable offset as unreadable, not in the file zone', () => {
    expect(stamps(['2022-01-03T10:00:00+2', '2022-01-03T10:00:00'], '+02:00')).toEqual(['NaN', Date.UTC(2022, 0, 3, 8)]);
  });

  it('reads epoch seconds below 1e11 and milliseconds from 1e11, either sign', () => {
    expect(stamps(['3600', '-3600', '1600000000', '1699999999'])).toEqual([3_600_000, -3_600_000, 1_600_000_000_000, 1_699_999_999_000]);
    expect(stamps(['99999999999', '100000000000', '-99999999999', '-100000000000'])).toEqual([99_999_999_999_000, 100_000_000_000, -99_999_999_999_000, -100_000_000_000]);
    expect(stamps(['1641204000.5', '16412040x0'])).toEqual(['NaN', 'NaN']);
  });

  it('leaves epoch times alone whatever the file zone', () => {
    expect(stamps(['1641204000'], '+02:00')).toEqual([1_641_204_000_000]);
    expect(stamps(['1641204000'], 'Europe/Athens')).toEqual([1_641_204_000_000]);
  });

  it('reads an unreadable time in an IANA zone as NaN, and shifts the readable ones', () => {
    expect(stamps(['2022-13-03 10:00:00', '2022-07-01 03:00:00'], 'Europe/Athens')).toEqual(['NaN', Date.UTC(2022, 6, 1, 0)]);
    expect(stamps(['2022-13-03 10:00:00', '2022-07-01 03:00:00'], '-01:30')).toEqual(['NaN', Date.UTC(2022, 6, 1, 4, 30)]);
  });

  it('reads a time column at the end of the line whatever ends it, and with blanks after it', () => {
    const header = 'open,high,low,close,volume,time';
    const expected = [Date.UTC(2022, 0, 3, 10), Date.UTC(2022, 0, 3, 11)];
    expect(times(`${header}\n1,1,1,1,1,2022-01-03 10:00:00\n1,1,1,1,1,2022-01-03 11:00:00\n`)).toEqual(expected);
    expect(times(`${header}\r\n1,1,1,1,1,2022-01-03 10:00:00\r\n1,1,1,1,1,2022-01-03 11:00:00`)).toEqual(expected);
    expect(times(`${header}\n1,1,1,1,1,2022-01-03 10:00:00  \n1,1,1,1,1, 2022-01-03 11:00:00`)).toEqual(expected);
    expect(times('"time","open","high","low","close","volume"\n"2022-01-03 10:00:00","1","1","1","1","1"\n')).toEqual([expected[0]]);
  });

  it('checks each part of an MT5 date: ten characters, month 1 to 12, day 1 to the end of the month', () => {
    expect(mt5([['2025.01.01', '00:00'], ['2025.12.31', '00:00'], ['2025.04.30', '00:00'], ['2025.06.231', '00:00'], ['2025.00.10', '00:00'], ['2025.06.00', '00:00'], ['2025.04.31', '00:00'], ['2025.06.2/', '00:00']])).toEqual([
      Date.UTC(2025, 0, 1),
      Date.UTC(2025, 11, 31),
      Date.UTC(2025, 3, 30),
      'NaN',
      'NaN',
      'NaN',
      'NaN',
      'NaN',
    ]);
  });

  it('reads every digit of an MT5 year: 1999 and 2100 as well as the 20xx of the shared files', () => {
    expect(mt5([['1999.12.31', '23:00'], ['1970.01.01', '00:00'], ['2100.02.28', '12:00'], ['2100.02.29', '12:00']])).toEqual([
      Date.UTC(1999, 11, 31, 23),
      0,
      Date.UTC(2100, 1, 28, 12),
      // 2100 is not a leap year.
      'NaN',
    ]);
  });

  it('reads MT5 times as HH:MM, HH:MM:SS or with up to three decimals of a second, up to 23:59:59.999', () => {
    expect(mt5([['2025.06.23', '16:05:07'], ['2025.06.23', '23:59:59.999'], ['2025.06.23', '10:00:00.5'], ['2025.06.23', '10:00:00.25']])).toEqual([
      Date.UTC(2025, 5, 23, 16, 5, 7),
      Date.UTC(2025, 5, 23, 23, 59, 59, 999),
      Date.UTC(2025, 5, 23, 10, 0, 0, 500),
      Date.UTC(2025, 5, 23, 10, 0, 0, 250),
    ]);
    const refused = ['24:00', '10:00:60', '10:0/:00', '14:00:', '14:00:0', '10:00:00x', '10:00:00.1234', '10:00:00.x', '1a:00'];
    expect(mt5(refused.map((t) => ['2025.06.23', t]))).toEqual(refused.map(() => 'NaN'));
  });
});
