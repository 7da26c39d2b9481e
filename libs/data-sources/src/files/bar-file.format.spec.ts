import { ColumnRole, detectBarFileLayout } from './bar-file.format';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'latin1');
const detect = (text: string) => detectBarFileLayout(bytes(text), 'x.csv');
const { skip, date, time, dateTime, open, high, low, close, volume, spread } = ColumnRole;

describe('bar file layout', () => {
  it('names each of the five formats', () => {
    expect(detect('<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<TICKVOL>\n').format).toBe('mt5-comma');
    expect(detect('<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\n').format).toBe('mt5-tab');
    expect(detect('"Time\tOpen\tHigh\tLow\tClose\tVolume"\n').format).toBe('quoted-tab');
    expect(detect('time,open,high,low,close,volume\n').format).toBe('plain-csv');
    expect(detect('time\topen\thigh\tlow\tclose\tvolume\n').format).toBe('plain-tab');
    // Quoted names at the end only: a plain CSV.
    expect(detect('time,open,high,low,close,"volume"\n').format).toBe('plain-csv');
  });

  it('gives each column its role, in file order, with the delimiter and the start of the data', () => {
    expect(detect('<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>\r\n1')).toEqual({
      format: 'mt5-tab',
      delimiter: 9,
      roles: [date, time, open, high, low, close, volume, skip, spread],
      hasSpread: true,
      // Nine names of 58 characters, eight tabs, CR and LF.
      dataStart: 68,
    });
    expect(detect('time,open,high,low,close,volume,note\n')).toEqual({ format: 'plain-csv', delimiter: 44, roles: [dateTime, open, high, low, close, volume, skip], hasSpread: false, dataStart: 37 });
  });

  it('reads a header with no line end, its data starting at the end of the bytes', () => {
    expect(detect('time,open,high,low,close,volume')).toMatchObject({ roles: [dateTime, open, high, low, close, volume], dataStart: 31 });
  });

  it('skips a UTF-8 byte order mark, but not a lone 0xBF third byte', () => {
    const layout = detectBarFileLayout(Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes('time,open,high,low,close,volume\n')]), 'x.csv');
    expect(layout).toMatchObject({ roles: [dateTime, open, high, low, close, volume], dataStart: 35 });
    expect(() => detect('x,\xbftime,open,high,low,close,volume\n')).toThrow('has no time column');
  });

  it('takes only all three bytes EF BB BF as a byte order mark', () => {
    for (const start of ['\xef\xbbA', 'A\xbb\xbf', '\xefA\xbf']) expect(() => detect(`${start}time,open,high,low,close,volume\n`)).toThrow('has no time column');
  });

  it('reads time as a date-time unless a date column comes with it, and takes datetime and timestamp columns', () => {
    expect(detect('date,time,open,high,low,close,volume\n').roles.slice(0, 2)).toEqual([date, time]);
    expect(detect('datetime,open,high,low,close,volume\n').roles[0]).toBe(dateTime);
    expect(detect('Timestamp,open,high,low,close,volume\n').roles[0]).toBe(dateTime);
    expect(() => detect('date,open,high,low,close,volume\n')).toThrow('x.csv: header "date,open,high,low,close,volume" has no time column (expected e.g. time,open,high,low,close,volume[,spread] or an MT5 export)');
  });

  it('takes Adj Close only when there is no Close', () => {
    expect(detect('time,open,high,low,close,adj close,volume\n').roles).toEqual([dateTime, open, high, low, close, skip, volume]);
    expect(detect('time,open,high,low,Adj_Close,volume\n').roles).toEqual([dateTime, open, high, low, close, volume]);
  });

  it('takes tick volume over volume, and vol only as the one volume of a plain file', () => {
    expect(detect('time,open,high,low,close,tickvol,volume\n').roles.slice(5)).toEqual([volume, skip]);
    expect(detect('time,open,high,low,close,Tick_Volume,volume,vol\n').roles.slice(5)).toEqual([volume, skip, skip]);
    expect(detect('time,open,high,low,close,volume,vol\n').roles.slice(5)).toEqual([volume, skip]);
    expect(detect('time,open,high,low,close,tickvol,vol\n').roles.slice(5)).toEqual([volume, skip]);
    expect(detect('time,open,high,low,close,vol\n').roles.slice(5)).toEqual([volume]);
    // MT5's <VOL> is real volume; with no <TICKVOL> the file has no volume to use.
    expect(() => detect('<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>\n')).toThrow('has no volume column');
  });

  it('names every missing column in the order of a bar, time first', () => {
    expect(() => detect('foo,bar\n')).toThrow('x.csv: header "foo,bar" has no time, open, high, low, close, volume column (expected e.g.');
    expect(() => detect('time,open,low,volume\n')).toThrow('header "time,open,low,volume" has no high, close column');
  });

  it('quotes at most 120 characters of a header it cannot use, and 80 of one with no separator', () => {
    const long = `time,${'x'.repeat(200)}`;
    expect(() => detect(`${long}\n`)).toThrow(`x.csv: header "${long.slice(0, 120)}" has no open,`);
    const noSeparator = 'y'.repeat(100);
    expect(() => detect(`${noSeparator}\n`)).toThrow(`x.csv: header "${'y'.repeat(80)}" has neither tab nor comma separators`);
  });

  it('quotes spaces and tildes as they are and anything else outside printable ASCII as "?"', () => {
    expect(() => detect('Open High~Low;\xe9\n')).toThrow('x.csv: header "Open High~Low;?" has neither tab nor comma separators');
    expect(() => detect('time\tOpen\n')).toThrow('header "time?Open" has no high');
  });

  it('takes a header of blanks, or a blank first line, as empty', () => {
    expect(() => detect('   \ntime,open\n')).toThrow('x.csv: empty file or empty header line');
    expect(() => detect('\r\ntime,open\n')).toThrow('x.csv: empty file or empty header line');
  });

  it('reads a quoted header that starts after blanks as the quoted form', () => {
    expect(detect('  "Time\tOpen\tHigh\tLow\tClose\tVolume"\n').format).toBe('quoted-tab');
  });

  it('refuses a first line holding a control byte or DEL, and takes either UTF-16 byte order mark as UTF-16', () => {
    expect(() => detect('time,open\x7f,high,low,close,volume\n')).toThrow('x.csv: not a text bar file (its first line holds binary bytes)');
    expect(() => detect('time,open\x1b,high,low,close,volume\n')).toThrow('x.csv: not a text bar file (its first line holds binary bytes)');
    expect(() => detectBarFileLayout(Uint8Array.from([0xfe, 0xff, 0x00, 0x3c, 0x00, 0x44]), 'x.csv')).toThrow('x.csv: UTF-16 text; save it as UTF-8 or ANSI text');
    // A Latin-1 "ÿ" or "þ" at the start is text, not a byte order mark.
    expect(() => detect('\xfftime,open,high,low,close,volume\n')).toThrow('has no time column');
    expect(() => detect('\xfe\xfetime,open,high,low,close,volume\n')).toThrow('has no time column');
    expect(() => detect('t\xfeime,open,high,low,close,volume\n')).toThrow('has no time column');
    expect(() => detect('t\xffime,open,high,low,close,volume\n')).toThrow('has no time column');
  });
});
