// Recognises a bar file's layout from its header line: which export it is
// (MT5 comma or tab, the quoted tab-separated form, a plain CSV) and which
// column holds what. The parser then reads rows by column role, not by name.
export type BarFileFormat = 'mt5-comma' | 'mt5-tab' | 'quoted-tab' | 'plain-csv' | 'plain-tab';

/** What a column holds; numbers so the parsing loop can switch on them cheaply. Numeric roles come last (from open): the parser tests `role >= open`. */
export const ColumnRole = {
  skip: 0,
  date: 1,
  time: 2,
  dateTime: 3,
  open: 4,
  high: 5,
  low: 6,
  close: 7,
  volume: 8,
  spread: 9,
} as const;
export type ColumnRole = (typeof ColumnRole)[keyof typeof ColumnRole];

export interface BarFileLayout {
  readonly format: BarFileFormat;
  /** Byte code of the field separator (tab or comma). */
  readonly delimiter: number;
  /** Role of each column, in file order. */
  readonly roles: readonly ColumnRole[];
  readonly hasSpread: boolean;
  /** Byte offset of the first data line. */
  readonly dataStart: number;
}

const LF = 10;
const CR = 13;
const TAB = 9;

/** Reads the header at the start of `bytes`; throws naming what is missing or unrecognised. */
export function detectBarFileLayout(bytes: Uint8Array, source: string): BarFileLayout {
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  let end = start;
  while (end < bytes.length && bytes[end] !== LF) end++;
  const dataStart = end < bytes.length ? end + 1 : end;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new RangeError(`${source}: UTF-16 text; save it as UTF-8 or ANSI text`);
  }
  // trim() also drops the CR of a CRLF line end.
  const header = latin1(bytes, start, end).trim();
  if (header === '') throw new RangeError(`${source}: empty file or empty header line`);
  // Error messages quote the header: never echo the bytes of a binary file to a terminal.
  if (holdsControlBytes(bytes, start, end)) throw new RangeError(`${source}: not a text bar file (its first line holds binary bytes)`);
  const quoted = header.startsWith('"');
  const delimiter = header.includes('\t') ? TAB : header.includes(',') ? 44 : -1;
  if (delimiter < 0) throw new RangeError(`${source}: header "${printable(header, 80)}" has neither tab nor comma separators`);
  const names = header.split(String.fromCharCode(delimiter)).map(normaliseName);
  const mt5 = header.includes('<');
  const format: BarFileFormat = quoted
    ? 'quoted-tab'
    : mt5
      ? delimiter === TAB
        ? 'mt5-tab'
        : 'mt5-comma'
      : delimiter === TAB
        ? 'plain-tab'
        : 'plain-csv';
  const roles = assignRoles(names, mt5, source, header);
  return { format, delimiter, roles, hasSpread: roles.includes(ColumnRole.spread), dataStart };
}

function assignRoles(names: readonly string[], mt5: boolean, source: string, header: string): ColumnRole[] {
  const has = (name: string): boolean => names.includes(name);
  const hasDate = has('date');
  const hasTickVolume = has('tickvol') || has('tickvolume');
  const hasClose = has('close');
  const roles = names.map((name): ColumnRole => {
    switch (name) {
      case 'date':
        return ColumnRole.date;
      case 'time':
        return hasDate ? ColumnRole.time : ColumnRole.dateTime;
      case 'datetime':
      case 'timestamp':
        return ColumnRole.dateTime;
      case 'open':
        return ColumnRole.open;
      case 'high':
        return ColumnRole.high;
      case 'low':
        return ColumnRole.low;
      case 'close':
        return ColumnRole.close;
      case 'adjclose':
        return hasClose ? ColumnRole.skip : ColumnRole.close;
      case 'tickvol':
      case 'tickvolume':
        return ColumnRole.volume;
      case 'volume':
        return hasTickVolume ? ColumnRole.skip : ColumnRole.volume;
      case 'vol':
        // MT5's <VOL> is real volume: zero or broker-specific; <TICKVOL> is the volume to use.
        return mt5 || hasTickVolume || has('volume') ? ColumnRole.skip : ColumnRole.volume;
      case 'spread':
        return ColumnRole.spread;
      default:
        return ColumnRole.skip;
    }
  });
  const required: [ColumnRole, string][] = [
    [ColumnRole.open, 'open'],
    [ColumnRole.high, 'high'],
    [ColumnRole.low, 'low'],
    [ColumnRole.close, 'close'],
    [ColumnRole.volume, 'volume'],
  ];
  const hasTime = roles.includes(ColumnRole.dateTime) || (roles.includes(ColumnRole.date) && roles.includes(ColumnRole.time));
  const missing = required.filter(([role]) => !roles.includes(role)).map(([, name]) => name);
  if (!hasTime) missing.unshift('time');
  if (missing.length > 0) {
    throw new RangeError(`${source}: header "${printable(header, 120)}" has no ${missing.join(', ')} column (expected e.g. time,open,high,low,close,volume[,spread] or an MT5 export)`);
  }
  return roles;
}

/** Whether the line in bytes [start, end) holds a control character other than tab or CR (NUL, escape …): no text file does. */
function holdsControlBytes(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const byte = bytes[i];
    if ((byte < 0x20 && byte !== TAB && byte !== CR) || byte === 0x7f) return true;
  }
  return false;
}

/** The header as it may be quoted in a message: at most `max` characters, anything outside printable ASCII as "?". */
function printable(header: string, max: number): string {
  return header.slice(0, max).replace(/[^\x20-\x7e]/g, '?');
}

function normaliseName(raw: string): string {
  return raw.replace(/["<>\s_]/g, '').toLowerCase();
}

export function latin1(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]);
  return text;
}
