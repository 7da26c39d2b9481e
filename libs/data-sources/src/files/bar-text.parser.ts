// The hot loop of every importer: bytes of a bar file in, columns out. It walks
// the raw bytes once, parses numbers and timestamps by hand and writes straight
// into Float64Arrays, with no regex, string or object per row. A field that
// cannot be read becomes NaN (the validator rejects the row as non-finite), so
// nothing malformed is dropped silently here.
import type { BarColumns, Timeframe } from '@trading/domain';
import { type BarFileLayout, ColumnRole, latin1 } from './bar-file.format';
import { daysFromCivil, daysInMonth } from './civil-time';
import { type SourceTimeZone, UTC_ZONE } from './source-time-zone';

export interface ParsedBars {
  readonly columns: BarColumns;
  /** 1-based data row number (line number after the header) of each parsed row. */
  readonly rows: Int32Array;
}

export interface ParseBarsOptions {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly zone?: SourceTimeZone;
}

const LF = 10;
const CR = 13;
const QUOTE = 34;
const SPACE = 32;
const DAY_MS = 86_400_000;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const EPOCH_SECONDS_BELOW = 1e11;
// Imported bindings compile to property getters on the other module; the hot
// loop reads these local copies instead.
const SKIP = ColumnRole.skip;
const DATE = ColumnRole.date;
const TIME = ColumnRole.time;
const DATE_TIME = ColumnRole.dateTime;
const OPEN = ColumnRole.open;
const HIGH = ColumnRole.high;
const LOW = ColumnRole.low;
const CLOSE = ColumnRole.close;
const VOLUME = ColumnRole.volume;
const SPREAD = ColumnRole.spread;
const civilDays = daysFromCivil;
const monthLength = daysInMonth;

// Set by parseDateTime: an explicit offset written in the timestamp (ISO "Z" or
// "+02:00") or an epoch number, either of which overrides the file's zone.
let explicitOffsetMs = Number.NaN;

export function parseBarBytes(bytes: Uint8Array, layout: BarFileLayout, options: ParseBarsOptions): ParsedBars {
  const sink = new RowSink(estimateRows(bytes, layout.dataStart));
  const zone = options.zone ?? UTC_ZONE;
  let pos = layout.dataStart;
  // The hot loop stops when the columns are full; growing them happens out
  // here so the loop's optimised code never meets a cold path.
  for (;;) {
    pos = parseRowsInto(sink, bytes, pos, layout, zone);
    if (pos >= bytes.length) break;
    sink.grow();
  }
  return sink.result(options.symbol, options.timeframe);
}

/** Columns being filled, with room for `capacity` rows. */
class RowSink {
  time: Float64Array<ArrayBuffer>;
  open: Float64Array<ArrayBuffer>;
  high: Float64Array<ArrayBuffer>;
  low: Float64Array<ArrayBuffer>;
  close: Float64Array<ArrayBuffer>;
  volume: Float64Array<ArrayBuffer>;
  spread: Float64Array<ArrayBuffer>;
  rows: Int32Array<ArrayBuffer>;
  count = 0;
  /** Lines consumed after the header, blank ones included. */
  line = 0;

  constructor(public capacity: number) {
    this.time = new Float64Array(capacity);
    this.open = new Float64Array(capacity);
    this.high = new Float64Array(capacity);
    this.low = new Float64Array(capacity);
    this.close = new Float64Array(capacity);
    this.volume = new Float64Array(capacity);
    this.spread = new Float64Array(capacity);
    this.rows = new Int32Array(capacity);
  }

  grow(): void {
    const capacity = Math.ceil(this.capacity * 1.5) + 16;
    this.time = grow(this.time, capacity);
    this.open = grow(this.open, capacity);
    this.high = grow(this.high, capacity);
    this.low = grow(this.low, capacity);
    this.close = grow(this.close, capacity);
    this.volume = grow(this.volume, capacity);
    this.spread = grow(this.spread, capacity);
    const rows = new Int32Array(capacity);
    rows.set(this.rows);
    this.rows = rows;
    this.capacity = capacity;
  }

  result(symbol: string, timeframe: Timeframe): ParsedBars {
    const count = this.count;
    return {
      columns: {
        symbol,
        timeframe,
        length: count,
        time: this.time.subarray(0, count),
        open: this.open.subarray(0, count),
        high: this.high.subarray(0, count),
        low: this.low.subarray(0, count),
        close: this.close.subarray(0, count),
        volume: this.volume.subarray(0, count),
        spread: this.spread.subarray(0, count),
      },
      rows: this.rows.subarray(0, count),
    };
  }
}

/** Parses rows from `pos` until the end of the bytes or a full sink; returns where it stopped. */
function parseRowsInto(sink: RowSink, bytes: Uint8Array, from: number, layout: BarFileLayout, zone: SourceTimeZone): number {
  const fixedOffset = zone.fixedOffsetMs;
  const delimiter = layout.delimiter;
  const roles = Int8Array.from(layout.roles);
  const columnCount = roles.length;
  const missingSpread = layout.hasSpread ? Number.NaN : 0;
  const n = bytes.length;
  const { time, open, high, low, close, volume, spread, rows, capacity } = sink;
  let count = sink.count;
  let line = sink.line;
  let pos = from;
  while (pos < n) {
    let c = bytes[pos];
    if (c === LF || c === CR) {
      // A blank line still counts as a line, so later row numbers match the file.
      line++;
      if (c === CR) pos++;
      if (bytes[pos] === LF) pos++;
      continue;
    }
    if (count === capacity) break;
    line++;
    let days = Number.NaN;
    let timeOfDay = Number.NaN;
    let wall = Number.NaN;
    let o = Number.NaN;
    let h = Number.NaN;
    let l = Number.NaN;
    let cl = Number.NaN;
    let v = Number.NaN;
    let s = missingSpread;
    explicitOffsetMs = Number.NaN;
    let column = 0;
    for (;;) {
      while (pos < n && (bytes[pos] === QUOTE || bytes[pos] === SPACE)) pos++;
      const start = pos;
      const role = column < columnCount ? roles[column] : SKIP;
      if (role >= OPEN) {
        // Numbers are parsed while the field is scanned: one pass over its bytes.
        let value: number;
        const negative = pos < n && bytes[pos] === 45;
        if (negative) pos++;
        let mantissa = 0;
        let digits = 0;
        let dot = -1;
        c = 0;
        while (pos < n) {
          c = bytes[pos];
          const d = c - 48;
          if (d >= 0 && d <= 9) {
            mantissa = mantissa * 10 + d;
            digits++;
          } else if (c === 46 && dot < 0) dot = pos;
          else break;
          pos++;
        }
        const fieldEnd = pos;
        while (pos < n && bytes[pos] === SPACE) pos++;
        c = pos < n ? bytes[pos] : LF;
        if (digits > 0 && digits <= 15 && (c === delimiter || c === LF || c === CR || c === QUOTE)) {
          value = dot >= 0 ? mantissa / POW10[fieldEnd - dot - 1] : mantissa;
          if (negative) value = -value;
        } else {
          // Exponents, long digit strings and garbage: find the field's end and read it slowly.
          while (pos < n) {
            c = bytes[pos];
            if (c === delimiter || c === LF || c === CR || c === QUOTE) break;
            pos++;
          }
          let end = pos;
          while (end > start && bytes[end - 1] === SPACE) end--;
          value = parseDecimal(bytes, start, end);
        }
        switch (role) {
          case OPEN:
            o = value;
            break;
          case HIGH:
            h = value;
            break;
          case LOW:
            l = value;
            break;
          case CLOSE:
            cl = value;
            break;
          case VOLUME:
            v = value;
            break;
          case SPREAD:
            s = value;
            break;
        }
      } else {
        while (pos < n) {
          c = bytes[pos];
          if (c === delimiter || c === LF || c === CR || c === QUOTE) break;
          pos++;
        }
        let end = pos;
        while (end > start && bytes[end - 1] === SPACE) end--;
        if (role === DATE) days = parseDateDays(bytes, start, end);
        else if (role === TIME) timeOfDay = parseTimeOfDay(bytes, start, end);
        else if (role === DATE_TIME) wall = parseDateTime(bytes, start, end);
      }
      while (pos < n && bytes[pos] === QUOTE) pos++;
      if (pos < n && bytes[pos] === delimiter) {
        pos++;
        column++;
        continue;
      }
      while (pos < n && bytes[pos] !== LF) pos++;
      pos++;
      break;
    }
    if (Number.isNaN(wall)) wall = days * DAY_MS + timeOfDay;
    let utc: number;
    if (explicitOffsetMs === explicitOffsetMs) utc = wall - explicitOffsetMs;
    else if (fixedOffset !== undefined) utc = wall - fixedOffset;
    else utc = wall === wall ? zone.toUtc(wall) : wall;
    time[count] = utc;
    open[count] = o;
    high[count] = h;
    low[count] = l;
    close[count] = cl;
    volume[count] = v;
    spread[count] = s;
    rows[count] = line;
    count++;
  }
  sink.count = count;
  sink.line = line;
  return pos;
}

/** Rows expected, from the length of the first data line; growth covers an underestimate. */
function estimateRows(bytes: Uint8Array, dataStart: number): number {
  let end = dataStart;
  while (end < bytes.length && bytes[end] !== LF) end++;
  const lineLength = Math.max(16, end - dataStart + 1);
  return Math.ceil(((bytes.length - dataStart) / lineLength) * 1.02) + 16;
}

function grow(column: Float64Array<ArrayBuffer>, capacity: number): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(capacity);
  bigger.set(column);
  return bigger;
}

function digit(bytes: Uint8Array, index: number): number {
  const d = bytes[index] - 48;
  return d >= 0 && d <= 9 ? d : Number.NaN;
}

/**
 * A plain decimal ("-1.08603", "4992"), exact as parseFloat: the digits form an
 * integer below 2^53 and one division by an exact power of ten rounds once.
 * Anything else (exponents, 16+ digits) takes the slow path through Number().
 */
export function parseDecimal(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  const negative = bytes[i] === 45;
  if (negative || bytes[i] === 43) i++;
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < end; i++) {
    const d = bytes[i] - 48;
    if (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digits++;
      if (fraction >= 0) fraction++;
    } else if (bytes[i] === 46 && fraction < 0) {
      fraction = 0;
    } else {
      return slowNumber(bytes, start, end);
    }
  }
  if (digits === 0) return Number.NaN;
  if (digits > 15) return slowNumber(bytes, start, end);
  const value = fraction > 0 ? mantissa / POW10[fraction] : mantissa;
  return negative ? -value : value;
}

function slowNumber(bytes: Uint8Array, start: number, end: number): number {
  const text = latin1(bytes, start, end);
  // Number() accepts "", "0x1f" and "Infinity"; only decimal notation is data.
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
}

/** Days since epoch of "YYYY.MM.DD" or "YYYY-MM-DD" (any one-byte separators); NaN when invalid. */
function parseDateDays(bytes: Uint8Array, start: number, end: number): number {
  if (end - start !== 10) return Number.NaN;
  const year = digit(bytes, start) * 1000 + digit(bytes, start + 1) * 100 + digit(bytes, start + 2) * 10 + digit(bytes, start + 3);
  const month = digit(bytes, start + 5) * 10 + digit(bytes, start + 6);
  const day = digit(bytes, start + 8) * 10 + digit(bytes, start + 9);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= monthLength(year, month))) return Number.NaN;
  return civilDays(year, month, day);
}

/** Milliseconds into the day of "HH:MM", "HH:MM:SS" or "HH:MM:SS.fff"; NaN when invalid. */
function parseTimeOfDay(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length !== 5 && length < 8) return Number.NaN;
  const hour = digit(bytes, start) * 10 + digit(bytes, start + 1);
  const minute = digit(bytes, start + 3) * 10 + digit(bytes, start + 4);
  let second = 0;
  let millis = 0;
  if (length >= 8) {
    second = digit(bytes, start + 6) * 10 + digit(bytes, start + 7);
    if (length > 8) {
      if (bytes[start + 8] !== 46 || length > 12) return Number.NaN;
      let scale = 100;
      for (let i = start + 9; i < end; i++, scale /= 10) millis += digit(bytes, i) * scale;
    }
  }
  // An unreadable digit is NaN and fails these tests, or (in the milliseconds) makes the sum NaN.
  if (!(hour <= 23 && minute <= 59 && second <= 59)) return Number.NaN;
  return ((hour * 60 + minute) * 60 + second) * 1000 + millis;
}

/**
 * "YYYY-MM-DD HH:MM:SS" (or "YYYY.MM.DD ..."), ISO "YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]" or an
 * epoch (digits only) in ms, or in seconds when below 1e11. Returns wall-clock ms; sets explicitOffsetMs when the text
 * fixes the instant itself.
 */
function parseDateTime(bytes: Uint8Array, start: number, end: number): number {
  const separator4 = bytes[start + 4];
  if (end - start < 10 || (separator4 >= 48 && separator4 <= 57)) {
    const epoch = parseDecimal(bytes, start, end);
    // The number fixes the instant; an unreadable one gives NaN whatever the offset.
    explicitOffsetMs = 0;
    if (!Number.isInteger(epoch)) return Number.NaN;
    // Unix seconds are as common as ms: read as ms they would silently land in
    // 1970. Below 1e11 the number is seconds (as ms it would be before
    // 1973-03-03; as seconds it reaches the year 5138).
    return epoch > -EPOCH_SECONDS_BELOW && epoch < EPOCH_SECONDS_BELOW ? epoch * 1000 : epoch;
  }
  const days = parseDateDays(bytes, start, start + 10);
  if (end - start === 10) return days * DAY_MS;
  const separator = bytes[start + 10];
  if (separator !== SPACE && separator !== 84) return Number.NaN;
  let timeEnd = start + 11;
  while (timeEnd < end && (bytes[timeEnd] === 58 || bytes[timeEnd] === 46 || (bytes[timeEnd] >= 48 && bytes[timeEnd] <= 57))) timeEnd++;
  const timeOfDay = parseTimeOfDay(bytes, start + 11, timeEnd);
  if (timeEnd < end) {
    const offset = parseOffset(bytes, timeEnd, end);
    if (offset !== offset) return Number.NaN;
    explicitOffsetMs = offset;
  }
  return days * DAY_MS + timeOfDay;
}

/** "Z", "+02:00", "+0200" or "+02" to ms east of UTC; NaN when invalid. */
function parseOffset(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length === 1 && (bytes[start] === 90 || bytes[start] === 122)) return 0;
  const sign = bytes[start] === 43 ? 1 : bytes[start] === 45 ? -1 : 0;
  if (sign === 0 || (length !== 3 && length !== 5 && length !== 6)) return Number.NaN;
  const hours = digit(bytes, start + 1) * 10 + digit(bytes, start + 2);
  let minutes = 0;
  if (length === 6 && bytes[start + 3] === 58) minutes = digit(bytes, start + 4) * 10 + digit(bytes, start + 5);
  else if (length === 5) minutes = digit(bytes, start + 3) * 10 + digit(bytes, start + 4);
  else if (length === 6) return Number.NaN;
  return sign * (hours * 60 + minutes) * 60_000;
}
