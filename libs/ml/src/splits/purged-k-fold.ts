// Purged, embargoed K-fold cross-validation (López de Prado, Advances in
// Financial Machine Learning, ch. 7). The rows are cut into K contiguous test
// folds. A training row is purged when its label window [row, labelEnd] meets
// the bars the test fold's labels span, and embargoed when it starts within
// `embargo` bars after that span ends: features such as long EMAs carry test
// prices forward into the rows just after the fold.
import { type Fold, type LabelledRows, labelSpan, requireAscendingRows } from './fold';

export interface PurgedKFoldOptions {
  readonly folds: number;
  /** Bars after the test span from which no training row may start; default 0. */
  readonly embargo?: number;
}

export function purgedKFold(data: LabelledRows, options: PurgedKFoldOptions): Fold[] {
  const { folds } = options;
  const embargo = options.embargo ?? 0;
  const n = data.rows.length;
  if (!Number.isInteger(folds) || folds < 2) throw new RangeError(`folds must be a whole number >= 2, got ${folds}`);
  if (!Number.isInteger(embargo) || embargo < 0) throw new RangeError(`embargo must be a whole number of bars >= 0, got ${embargo}`);
  if (n < folds) throw new RangeError(`${folds} folds need at least ${folds} rows, got ${n}`);
  requireAscendingRows(data);
  const result: Fold[] = [];
  for (let f = 0; f < folds; f++) {
    const from = Math.floor((f * n) / folds);
    const to = Math.floor(((f + 1) * n) / folds);
    const [spanStart, spanEnd] = labelSpan(data, from, to);
    const train: number[] = [];
    for (let k = 0; k < n; k++) {
      if (k >= from && k < to) continue;
      const row = data.rows[k];
      const overlaps = row <= spanEnd && data.labelEnd[row] >= spanStart;
      const embargoed = row > spanEnd && row <= spanEnd + embargo;
      if (!overlaps && !embargoed) train.push(row);
    }
    result.push({ train: Int32Array.from(train), test: data.rows.slice(from, to) });
  }
  return result;
}
