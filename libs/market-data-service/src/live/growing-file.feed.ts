// A bar file that grows on disk (an MT5 terminal or a script appending a line
// per closed bar) followed as a live feed. Each read parses the whole file
// again, as written at that moment, and hands over the rows whose time lies
// in the window, in file order, with their line numbers; repeated and
// backward rows are left for the validator to find and report. A last line
// without its newline is still being written and is not read yet.
import { readFile } from 'node:fs/promises';
import { identifyBarFile, parseBarFile } from '@trading/data-sources/files';
import type { DroppedRow } from '@trading/data-sources';
import { emptyBarColumns } from '@trading/domain';
import type { LiveCandidates, LiveFeed } from './live-feed';

const LF = 0x0a;

export interface GrowingFileOptions {
  /** Zone the file's timestamps are written in (MARKET_DATA_TZ). */
  readonly tz?: string;
}

export function growingFileFeed(path: string, options: GrowingFileOptions = {}): LiveFeed {
  const { symbol, timeframe } = identifyBarFile(path);
  // Lines without a readable time are never in a window; each is told about once, not on every poll.
  let linesSeen = 0;
  return {
    symbol,
    timeframe,
    description: `${symbol} ${timeframe} from ${path}`,
    history: 'all',
    read: async (from, to) => {
      let bytes: Uint8Array;
      try {
        bytes = await readFile(path);
      } catch (error) {
        throw new Error(`cannot read the live bar file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
      const candidates = rowsInWindow(parseBarFile(completeLines(bytes), path, { symbol, timeframe, tz: options.tz }), from, to, linesSeen);
      linesSeen = Math.max(linesSeen, candidates.lastLine);
      return candidates;
    },
  };
}

/** The bytes up to the last newline: a line still being appended would read as a broken row. */
function completeLines(bytes: Uint8Array): Uint8Array {
  const gzip = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (gzip) return bytes;
  const end = bytes.lastIndexOf(LF);
  return end < 0 ? bytes : bytes.subarray(0, end + 1);
}

function rowsInWindow(parsed: ReturnType<typeof parseBarFile>, from: number, to: number, linesSeen: number): LiveCandidates & { readonly lastLine: number } {
  const { columns, rows } = parsed;
  const picked: number[] = [];
  const dropped: DroppedRow[] = [];
  for (let index = 0; index < columns.length; index++) {
    const time = columns.time[index];
    if (time >= from && time < to) picked.push(index);
    else if (!Number.isFinite(time) && rows[index] > linesSeen) dropped.push({ time: Number.NaN, reason: `line ${rows[index]}: no readable time` });
  }
  const window = emptyBarColumns(columns.symbol, columns.timeframe, picked.length);
  const lines = new Int32Array(picked.length);
  picked.forEach((index, at) => {
    window.time[at] = columns.time[index];
    window.open[at] = columns.open[index];
    window.high[at] = columns.high[index];
    window.low[at] = columns.low[index];
    window.close[at] = columns.close[index];
    window.volume[at] = columns.volume[index];
    window.spread[at] = columns.spread[index];
    lines[at] = rows[index];
  });
  return { columns: window, rows: lines, source: 'csv', dropped, lastLine: columns.length > 0 ? rows[columns.length - 1] : linesSeen };
}
