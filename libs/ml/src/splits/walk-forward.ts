// Walk-forward splits: train on a window of rows, test on the rows right after
// it, move forward by `step`, repeat. The training window is rolling (fixed
// length) or expanding (always from the first row). Training rows whose labels
// end inside the test span are purged: their label saw test prices.
import { type Fold, type LabelledRows, labelSpan, requireAscendingRows } from './fold';

export interface WalkForwardOptions {
  /** Rows in the (first) training window. */
  readonly trainSize: number;
  readonly testSize: number;
  /** Rows the windows move by; default testSize (test windows do not overlap). */
  readonly step?: number;
  /** Keep every earlier row in training instead of a window of trainSize; default false. */
  readonly expanding?: boolean;
}

export function walkForwardSplits(data: LabelledRows, options: WalkForwardOptions): Fold[] {
  const { trainSize, testSize } = options;
  const step = options.step ?? testSize;
  for (const [name, value] of [['trainSize', trainSize], ['testSize', testSize], ['step', step]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number >= 1, got ${value}`);
  }
  requireAscendingRows(data);
  const n = data.rows.length;
  const result: Fold[] = [];
  for (let testFrom = trainSize; testFrom + testSize <= n; testFrom += step) {
    const trainFrom = options.expanding ? 0 : testFrom - trainSize;
    const [spanStart] = labelSpan(data, testFrom, testFrom + testSize);
    const train: number[] = [];
    for (let k = trainFrom; k < testFrom; k++) {
      const row = data.rows[k];
      if (data.labelEnd[row] < spanStart) train.push(row);
    }
    result.push({ train: Int32Array.from(train), test: data.rows.slice(testFrom, testFrom + testSize) });
  }
  return result;
}
