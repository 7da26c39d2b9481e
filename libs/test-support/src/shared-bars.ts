// The one reader of the real bar files vendored in data/ (plain or .gz) for the fixtures of
// projects that cannot use the importer of @trading/data-sources: core
// libraries may not depend on an adapter, and this library (scope:shared, and
// imported by data-sources' own specs) may not depend on it either.
// It reads the two layouts of those files: MT5 exports (`<DATE> <TIME> <OPEN>
// <HIGH> <LOW> <CLOSE> <TICKVOL> <VOL> <SPREAD>`, comma or tab separated; the
// volume is <TICKVOL>) and the quoted `"Time<TAB>Open<TAB>...<TAB>Volume"` form
// (no spread: 0). Times are the file's clock read as UTC. A row at or before
// the last row kept (a repeat or a step back) is dropped, as the importer's
// default policy does; a row it cannot read is an error naming file and line.
import { emptyBarColumns, type BarColumns, type Timeframe } from '@trading/domain';
import { readDataText } from './shared-data';

type Row = [time: number, open: number, high: number, low: number, close: number, volume: number, spread: number];
type RowReader = (line: string, where: string) => Row;

const read = new Map<string, BarColumns>();

/** The bars of a file (see sharedData for the paths), read once per process: callers share the columns and must not write to them. */
export function readSharedBars(path: string, symbol: string, timeframe: Timeframe): BarColumns {
  const key = `${path}|${symbol}|${timeframe}`;
  const cached = read.get(key);
  if (cached) return cached;
  const lines = readDataText(path).split(/\r?\n/);
  const readRow = rowReader(lines[0], path);
  const rows: Row[] = [];
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const row = readRow(lines[i], `${path}:${i + 1}`);
    if (row[0] <= last) continue;
    last = row[0];
    rows.push(row);
  }
  const bars = emptyBarColumns(symbol, timeframe, rows.length);
  rows.forEach(([time, open, high, low, close, volume, spread], i) => {
    bars.time[i] = time;
    bars.open[i] = open;
    bars.high[i] = high;
    bars.low[i] = low;
    bars.close[i] = close;
    bars.volume[i] = volume;
    bars.spread[i] = spread;
  });
  read.set(key, bars);
  return bars;
}

function rowReader(header: string, path: string): RowReader {
  if (header.startsWith('<DATE>')) return header.includes('\t') ? (line, where) => mt5Row(line.split('\t'), where) : (line, where) => mt5Row(line.split(','), where);
  if (header.replace(/"/g, '').startsWith('Time\tOpen\tHigh\tLow\tClose\tVolume')) return quotedTabRow;
  throw new Error(`${path}: not an MT5 export nor the quoted tab-separated form, header ${JSON.stringify(header)}`);
}

/** `2015.03.09,14:00:00,open,high,low,close,tickvol,vol,spread` (or tab separated) */
function mt5Row(fields: string[], where: string): Row {
  if (fields.length !== 9) throw new Error(`${where}: expected 9 fields, got ${fields.length}`);
  const [date, clock, open, high, low, close, tickVolume, , spread] = fields;
  return [utcTime(date, clock, where), ...numbers([open, high, low, close, tickVolume, spread], where)] as Row;
}

/** `"2021-06-24 16:05:00<TAB>open<TAB>high<TAB>low<TAB>close<TAB>volume"` */
function quotedTabRow(line: string, where: string): Row {
  const fields = line.replace(/"/g, '').split('\t');
  if (fields.length !== 6) throw new Error(`${where}: expected 6 fields, got ${fields.length}`);
  const [stamp, open, high, low, close, volume] = fields;
  const [date, clock] = stamp.split(' ');
  return [utcTime(date, clock ?? '', where), ...numbers([open, high, low, close, volume], where), 0] as Row;
}

function utcTime(date: string, clock: string, where: string): number {
  const day = /^(\d{4})[.-](\d{2})[.-](\d{2})$/.exec(date);
  const time = /^(\d{2}):(\d{2}):(\d{2})$/.exec(clock);
  if (!day || !time) throw new Error(`${where}: unreadable time ${JSON.stringify(`${date} ${clock}`)}`);
  const [, y, mo, d] = day.map(Number);
  const [, h, mi, s] = time.map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

function numbers(fields: readonly string[], where: string): number[] {
  return fields.map((field) => {
    const value = field.trim() === '' ? Number.NaN : Number(field);
    if (!Number.isFinite(value)) throw new Error(`${where}: ${JSON.stringify(field)} is not a number`);
    return value;
  });
}
