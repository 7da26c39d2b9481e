// A train/test split of a labelled series. Row numbers are bar indices in
// time order; `labelEnd[i]` is the bar at which row i's label was decided
// (≥ i), so row i's label used prices from bar i to bar labelEnd[i].
export interface Fold {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

export interface LabelledRows {
  /** The usable rows (known label, features past warm-up), ascending bar indices. */
  readonly rows: Int32Array;
  /** Per bar: the bar its label ends on; only read at `rows`. */
  readonly labelEnd: Int32Array;
}

export function requireAscendingRows(data: LabelledRows): void {
  const { rows, labelEnd } = data;
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k];
    if (k > 0 && row <= rows[k - 1]) throw new RangeError(`rows must be strictly ascending bar indices (row ${k} is ${row} after ${rows[k - 1]})`);
    if (!(labelEnd[row] >= row)) throw new RangeError(`row ${row} has label end ${labelEnd[row]}: a label ends at or after its own bar`);
  }
}

/** The span of bars the labels of rows[from .. to) use: [first row, last label end]. */
export function labelSpan(data: LabelledRows, from: number, to: number): [number, number] {
  let end = -1;
  for (let k = from; k < to; k++) end = Math.max(end, data.labelEnd[data.rows[k]]);
  return [data.rows[from], end];
}
