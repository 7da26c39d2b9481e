// The action of `trading indicators` (see ./indicators.command).
import { closeSync, openSync, writeSync } from 'node:fs';
import { type BarFileImport, importBarFile } from '@trading/data-sources/files';
import type { BarColumns } from '@trading/domain';
import { type IndicatorColumn, type IndicatorSpec, computeIndicators, parseIndicatorList } from '@trading/indicators';
import { checkBarFileFlags } from '../bar-file-flags';
import { CliError } from '../cli-error';
import { logLine, printJson, printText } from '../output';

export interface IndicatorsFlags {
  readonly data: string;
  readonly ind: string;
  readonly out: string;
  readonly symbol?: string;
  readonly tf?: string;
  readonly tz?: string;
  readonly json?: boolean;
}

type OutputFormat = 'csv' | 'json';

/** Rows per write: keeps memory flat on million-bar files. */
const ROWS_PER_CHUNK = 4096;

export async function indicatorsCommand(flags: IndicatorsFlags): Promise<void> {
  const format = outputFormat(flags.out);
  checkFlags(flags);
  const specs = parseSpecs(flags.ind);
  let imported: BarFileImport;
  try {
    imported = await importBarFile(flags.data, { symbol: flags.symbol, timeframe: flags.tf, tz: flags.tz });
  } catch (error) {
    throw new CliError(`--data: ${error instanceof Error ? error.message : String(error)}`);
  }
  const bars = imported.columns;
  const { report } = imported;
  if (bars.length === 0) throw new CliError(`--data: ${flags.data} holds no bars (${report.bars} rows read, ${report.dropped} dropped, ${report.rejected} rejected; see \`trading data check\`)`);
  if (report.dropped + report.rejected > 0) {
    logLine(`${flags.data}: ${report.dropped} rows dropped and ${report.rejected} rejected by validation (see \`trading data check\`)`);
  }
  const columns = computeIndicators(bars, specs);
  writeColumns(flags.out, format, bars, columns);
  const summary = {
    data: flags.data,
    out: flags.out,
    format,
    symbol: bars.symbol,
    timeframe: bars.timeframe,
    zone: imported.zone,
    bars: bars.length,
    dropped: report.dropped + report.rejected,
    columns: ['time', ...columns.map((column) => column.name)],
  };
  if (flags.json) printJson(summary);
  else printText(`${flags.out}: ${bars.length} bars of ${bars.symbol} ${bars.timeframe}, columns ${summary.columns.join(', ')}`);
}

function outputFormat(path: string): OutputFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.json')) return 'json';
  throw new CliError(`--out: expected a path ending in .csv or .json, got "${path}"`);
}

function checkFlags(flags: IndicatorsFlags): void {
  checkBarFileFlags(flags);
}

/** Parses the list and builds every indicator once on no bars, so a bad period fails before the file is read. */
function parseSpecs(text: string): IndicatorSpec[] {
  try {
    const specs = parseIndicatorList(text);
    const none = new Float64Array(0);
    computeIndicators({ length: 0, time: none, high: none, low: none, close: none, volume: none }, specs);
    return specs;
  } catch (error) {
    throw new CliError(`--ind: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function writeColumns(path: string, format: OutputFormat, bars: BarColumns, columns: readonly IndicatorColumn[]): void {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    throw new CliError(`--out: cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    if (format === 'csv') writeCsv(fd, bars, columns);
    else writeJson(fd, bars, columns);
  } finally {
    closeSync(fd);
  }
}

function writeCsv(fd: number, bars: BarColumns, columns: readonly IndicatorColumn[]): void {
  writeSync(fd, ['time', ...columns.map((column) => column.name)].join(',') + '\n');
  for (let start = 0; start < bars.length; start += ROWS_PER_CHUNK) {
    const end = Math.min(bars.length, start + ROWS_PER_CHUNK);
    const lines: string[] = [];
    for (let i = start; i < end; i++) {
      let line = isoTime(bars.time[i]);
      for (const column of columns) line += ',' + csvNumber(column.values[i]);
      lines.push(line);
    }
    writeSync(fd, lines.join('\n') + '\n');
  }
}

/** Column-oriented: `{"time": [...], "rsi_14": [...]}` loads straight into a data frame; null during warm-up. */
function writeJson(fd: number, bars: BarColumns, columns: readonly IndicatorColumn[]): void {
  writeSync(fd, '{"time":[');
  writeChunked(fd, bars.length, (i) => JSON.stringify(isoTime(bars.time[i])));
  writeSync(fd, ']');
  for (const column of columns) {
    writeSync(fd, `,${JSON.stringify(column.name)}:[`);
    writeChunked(fd, bars.length, (i) => jsonNumber(column.values[i]));
    writeSync(fd, ']');
  }
  writeSync(fd, '}\n');
}

function writeChunked(fd: number, length: number, item: (i: number) => string): void {
  for (let start = 0; start < length; start += ROWS_PER_CHUNK) {
    const end = Math.min(length, start + ROWS_PER_CHUNK);
    const parts: string[] = [];
    for (let i = start; i < end; i++) parts.push(item(i));
    writeSync(fd, (start > 0 ? ',' : '') + parts.join(','));
  }
}

function isoTime(timeMs: number): string {
  return new Date(timeMs).toISOString();
}

// Shortest text that reads back to the same double, so nothing is lost on the way to a notebook.
function csvNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : '';
}

function jsonNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}
