// Reads a bar file from disk (plain or gzip, recognised by its magic bytes),
// detects its layout, parses it to columns and validates it: the one call an
// importer, the CLI and the market-data service make.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { BarColumns } from '@trading/domain';
import { type ValidationOptions, type ValidationReport, validateBars } from '../validation/bar.validator';
import { type BarFileFormat, detectBarFileLayout } from './bar-file.format';
import { identifyBarFile } from './bar-file.naming';
import { type ParsedBars, parseBarBytes } from './bar-text.parser';
import { parseTimeZone } from './source-time-zone';

export interface BarFileOptions {
  /** Defaults to the symbol in the file name (EURUSD_H1.csv). */
  readonly symbol?: string;
  /** Defaults to the timeframe in the file name. */
  readonly timeframe?: string;
  /** Zone the file's timestamps are written in: IANA name or offset; default UTC (no shift). */
  readonly tz?: string;
}

export interface ParsedBarFile extends ParsedBars {
  readonly format: BarFileFormat;
  readonly compressed: boolean;
  readonly zone: string;
}

export interface BarFileImport {
  /** Validated bars: only rows the policy passes on. */
  readonly columns: BarColumns;
  readonly report: ValidationReport;
  readonly format: BarFileFormat;
  readonly compressed: boolean;
  readonly zone: string;
}

/** Parses file bytes (gzip or plain) without validating; every row read is in the result. */
export function parseBarFile(bytes: Uint8Array, name: string, options: BarFileOptions = {}): ParsedBarFile {
  const identity = identifyBarFile(name, options.symbol, options.timeframe);
  const zone = parseTimeZone(options.tz);
  const compressed = bytes[0] === 0x1f && bytes[1] === 0x8b;
  let text: Uint8Array;
  try {
    text = compressed ? gunzipSync(bytes) : bytes;
  } catch (error) {
    throw new RangeError(`${name}: not a readable gzip file (${error instanceof Error ? error.message : String(error)})`);
  }
  const layout = detectBarFileLayout(text, name);
  const parsed = parseBarBytes(text, layout, { ...identity, zone });
  return { ...parsed, format: layout.format, compressed, zone: zone.name };
}

export function importBarBytes(bytes: Uint8Array, name: string, options: BarFileOptions & ValidationOptions = {}): BarFileImport {
  const parsed = parseBarFile(bytes, name, options);
  const { columns, report } = validateBars(parsed.columns, { ...options, rows: parsed.rows });
  return { columns, report, format: parsed.format, compressed: parsed.compressed, zone: parsed.zone };
}

export function importBarFileSync(path: string, options: BarFileOptions & ValidationOptions = {}): BarFileImport {
  return importBarBytes(readBytesSync(path), path, options);
}

export async function importBarFile(path: string, options: BarFileOptions & ValidationOptions = {}): Promise<BarFileImport> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new RangeError(`cannot read bar file ${path}: ${describeIoError(error)}`);
  }
  return importBarBytes(bytes, path, options);
}

function readBytesSync(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new RangeError(`cannot read bar file ${path}: ${describeIoError(error)}`);
  }
}

function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
