// Features and labels side by side, one row per bar: what `trading ml
// features` writes and `trading ml train` reads back, and what training and
// evaluation select their rows from. A row's label is NaN (unknown) where its
// barriers are unresolved at the end of the data and during the features'
// warm-up, so every labelled row has complete indicator history.
import type { BarColumns } from '@trading/domain';
import { computeFeatures } from '../features/feature-matrix';
import type { FeatureSetDescriptor } from '../features/feature-set';
import { DEFAULT_TRIPLE_BARRIER, type TripleBarrierOptions, classOfLabel, tripleBarrierLabels } from '../labels/triple-barrier';
import type { TrainingSet } from '../gbdt/training-set';

export interface LabelledTable {
  readonly names: readonly string[];
  readonly rows: number;
  /** rows × names.length, row-major; NaN = missing. */
  readonly values: Float64Array;
  /** Bar start times, UTC ms, strictly increasing. */
  readonly time: Float64Array;
  /** -1 SHORT, 0 NEUTRAL, 1 LONG; NaN when unknown. */
  readonly label: Float64Array;
  /** Start time of the bar each label was decided on; NaN when unknown. */
  readonly labelEndTime: Float64Array;
}

export interface BarDataset {
  readonly table: LabelledTable;
  readonly descriptor: FeatureSetDescriptor;
  readonly labelling: TripleBarrierOptions;
  readonly lookback: number;
}

/** Features and triple-barrier labels of a bar series. */
export function labelBars(bars: BarColumns, labelling: TripleBarrierOptions = DEFAULT_TRIPLE_BARRIER): BarDataset {
  const matrix = computeFeatures(bars);
  const labels = tripleBarrierLabels(bars, labelling);
  const label = new Float64Array(bars.length).fill(Number.NaN);
  for (let i = matrix.lookback; i < bars.length; i++) if (labels.endIndex[i] >= 0) label[i] = labels.label[i];
  const labelEndTime = Float64Array.from(labels.endTime, (t, i) => (label[i] === label[i] ? t : Number.NaN));
  return {
    table: { names: matrix.descriptor.names, rows: matrix.rows, values: matrix.values, time: matrix.time, label, labelEndTime },
    descriptor: matrix.descriptor,
    labelling,
    lookback: matrix.lookback,
  };
}

/** Indices of the rows with a known label, ascending. */
export function labelledRows(table: LabelledTable): Int32Array {
  const rows: number[] = [];
  for (let i = 0; i < table.rows; i++) if (table.label[i] === table.label[i]) rows.push(i);
  return Int32Array.from(rows);
}

/** The given rows as a training set: float32 features, class index = label + 1 (0 SHORT, 1 NEUTRAL, 2 LONG). */
export function trainingSetOf(table: LabelledTable, rows: Int32Array): TrainingSet {
  const width = table.names.length;
  const x = new Float32Array(rows.length * width);
  const labels = new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k];
    x.set(table.values.subarray(row * width, (row + 1) * width), k * width);
    const label = table.label[row];
    if (label !== label) throw new RangeError(`row ${row} has no label`);
    labels[k] = classOfLabel(label);
  }
  return { rows: rows.length, features: width, x, labels };
}
