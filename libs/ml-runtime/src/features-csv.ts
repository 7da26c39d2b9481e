// The features file of `trading ml features`, read back by `trading ml train
// --features` and by tools/ml/xgboost_reference.py: a header
// `time,<feature>...,label,label_end`, one row per bar, times in ISO UTC,
// numbers in their shortest exact form (so both readers get the same float32
// values), and an empty cell for a missing value or an unknown label.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { LabelledTable } from '@trading/ml';

const ROWS_PER_WRITE = 4096;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

export function writeFeaturesCsv(path: string, table: LabelledTable): void {
  const width = table.names.length;
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, ['time', ...table.names, 'label', 'label_end'].join(',') + '\n');
    for (let start = 0; start < table.rows; start += ROWS_PER_WRITE) {
      const lines: string[] = [];
      for (let i = start; i < Math.min(table.rows, start + ROWS_PER_WRITE); i++) {
        let line = new Date(table.time[i]).toISOString();
        for (let j = 0; j < width; j++) line += ',' + cell(table.values[i * width + j]);
        const label = table.label[i];
        line += ',' + cell(label) + ',' + (label === label ? new Date(table.labelEndTime[i]).toISOString() : '');
        lines.push(line);
      }
      writeSync(fd, lines.join('\n') + '\n');
    }
  } finally {
    closeSync(fd);
  }
}

function cell(value: number): string {
  return Number.isFinite(value) ? String(value) : '';
}

export interface FeaturesCsv {
  readonly table: LabelledTable;
  /** False when the file has no label_end column (then a split purges by a number of bars). */
  readonly hasLabelEnd: boolean;
}

/** Reads a features file; a malformed file throws a RangeError naming the line and column. */
export function readFeaturesCsv(path: string): FeaturesCsv {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new RangeError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length < 2) throw new RangeError(`${path}: expected a header and at least one row`);
  const header = lines[0].split(',');
  const labelAt = header.indexOf('label');
  const hasLabelEnd = header[header.length - 1] === 'label_end';
  if (header[0] !== 'time' || labelAt < 2 || labelAt !== header.length - (hasLabelEnd ? 2 : 1)) {
    throw new RangeError(`${path}: the header must be time,<features...>,label[,label_end], got ${lines[0].slice(0, 120)}`);
  }
  const names = header.slice(1, labelAt);
  const rows = lines.length - 1;
  const width = names.length;
  const values = new Float64Array(rows * width);
  const time = new Float64Array(rows);
  const label = new Float64Array(rows);
  const labelEndTime = new Float64Array(rows).fill(Number.NaN);
  for (let r = 0; r < rows; r++) {
    const where = `${path}:${r + 2}`;
    const fields = lines[r + 1].split(',');
    if (fields.length !== header.length) throw new RangeError(`${where}: expected ${header.length} fields, got ${fields.length}`);
    time[r] = isoTime(fields[0], where, 'time');
    if (r > 0 && !(time[r] > time[r - 1])) throw new RangeError(`${where}: time ${fields[0]} is not after the previous row's`);
    for (let j = 0; j < width; j++) values[r * width + j] = number(fields[j + 1], where, names[j]);
    label[r] = number(fields[labelAt], where, 'label');
    if (label[r] === label[r] && !(label[r] === -1 || label[r] === 0 || label[r] === 1)) throw new RangeError(`${where}: label must be -1, 0, 1 or empty, got ${fields[labelAt]}`);
    if (hasLabelEnd && label[r] === label[r]) labelEndTime[r] = isoTime(fields[labelAt + 1], where, 'label_end');
  }
  return { table: { names, rows, values, time, label, labelEndTime }, hasLabelEnd };
}

function isoTime(text: string, where: string, column: string): number {
  const value = ISO_UTC.test(text) ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(value)) throw new RangeError(`${where}: ${column} must be an ISO UTC time like 2021-01-04T00:00:00.000Z, got ${JSON.stringify(text)}`);
  return value;
}

function number(text: string, where: string, column: string): number {
  if (text === '') return Number.NaN;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new RangeError(`${where}: ${column} is not a number: ${JSON.stringify(text)}`);
  return value;
}
