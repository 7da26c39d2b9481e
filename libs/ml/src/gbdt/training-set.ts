// Rows the trainer learns from: float32 features (what XGBoost and
// onnxruntime compare, so training sees the values inference will see) and a
// class index per row.
export interface TrainingSet {
  readonly rows: number;
  readonly features: number;
  /** rows × features, row-major; NaN = missing. */
  readonly x: Float32Array;
  /** Class index 0..classes-1 per row. */
  readonly labels: Int32Array;
}

export function checkTrainingSet(set: TrainingSet, classes: number, what: string): void {
  if (!Number.isInteger(set.rows) || set.rows < 1) throw new RangeError(`${what}: needs at least one row, got ${set.rows}`);
  if (set.x.length !== set.rows * set.features) throw new RangeError(`${what}: ${set.rows} rows × ${set.features} features need ${set.rows * set.features} values, got ${set.x.length}`);
  if (set.labels.length !== set.rows) throw new RangeError(`${what}: ${set.rows} rows need ${set.rows} labels, got ${set.labels.length}`);
  for (let r = 0; r < set.rows; r++) {
    const y = set.labels[r];
    if (!(y >= 0 && y < classes)) throw new RangeError(`${what}: row ${r} has class ${y}, expected 0..${classes - 1}`);
  }
  for (let i = 0; i < set.x.length; i++) {
    const v = set.x[i];
    if (v === Infinity || v === -Infinity) throw new RangeError(`${what}: row ${Math.floor(i / set.features)} feature ${i % set.features} is infinite (use NaN for a missing value)`);
  }
}
