// The default three-way split of a labelled series for `trading ml train
// --data`: the oldest rows train, the next ones validate (early stopping and
// the reported figures), the newest are held out untouched for `trading ml
// evaluate`. Each boundary is purged: no row's label reaches into the next
// period, so neither validation nor the hold-out leaks into what came before.
import { type LabelledTable, labelledRows } from '../datasets/labelled-table';
import { splitAtTime } from '../splits/time-split';

export interface ThreeWaySplit {
  readonly train: Int32Array;
  readonly validation: Int32Array;
  readonly holdout: Int32Array;
  /** Rows dropped at the two boundaries. */
  readonly purged: number;
  readonly validationFrom: number;
  readonly holdoutFrom: number;
}

export interface ChronologicalSplitOptions {
  /** Share of the labelled rows validated on; default 0.15. */
  readonly validationShare?: number;
  /** Share held out; default 0.15. */
  readonly holdoutShare?: number;
}

export function chronologicalSplit(table: LabelledTable, options: ChronologicalSplitOptions = {}): ThreeWaySplit {
  const validationShare = options.validationShare ?? 0.15;
  const holdoutShare = options.holdoutShare ?? 0.15;
  if (!(validationShare > 0 && holdoutShare >= 0 && validationShare + holdoutShare < 1)) {
    throw new RangeError(`shares must leave rows to train on: validation ${validationShare}, hold-out ${holdoutShare}`);
  }
  const rows = labelledRows(table);
  if (rows.length < 10) throw new RangeError(`at least 10 labelled rows are needed to split, got ${rows.length}`);
  const at = (share: number): number => table.time[rows[Math.min(rows.length - 1, Math.floor(rows.length * share))]];
  const holdoutFrom = holdoutShare > 0 ? at(1 - holdoutShare) : Number.POSITIVE_INFINITY;
  const validationFrom = at(1 - holdoutShare - validationShare);
  const input = { rows, time: table.time, labelEndTime: table.labelEndTime };
  const outer = holdoutShare > 0 ? splitAtTime(input, holdoutFrom) : { train: rows, validation: new Int32Array(0), purged: 0 };
  const inner = splitAtTime({ ...input, rows: outer.train }, validationFrom);
  return { train: inner.train, validation: inner.validation, holdout: outer.validation, purged: outer.purged + inner.purged, validationFrom, holdoutFrom };
}
