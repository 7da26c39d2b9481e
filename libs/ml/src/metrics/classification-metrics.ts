// How good a classifier's probabilities are on labelled rows: log-loss (what
// the trees minimise), accuracy of the most probable class, the multi-class
// Brier score (mean squared distance to the one-hot label, 0 best, 2 worst),
// the confusion matrix, and a calibration table per class (predicted
// probability in ten bins against how often the class actually occurred).
const LOG_EPSILON = 1e-16;
const CALIBRATION_BINS = 10;

export interface CalibrationBin {
  /** Lower edge of the bin of predicted probability: [from, from + 0.1). */
  readonly from: number;
  readonly rows: number;
  readonly meanPredicted: number;
  /** Share of those rows whose label was the class; NaN for an empty bin. */
  readonly observed: number;
}

export interface ClassificationMetrics {
  readonly rows: number;
  readonly logloss: number;
  readonly accuracy: number;
  readonly brier: number;
  /** confusion[actual][predicted], counts. */
  readonly confusion: readonly (readonly number[])[];
  /** calibration[class]: ten bins of predicted probability. */
  readonly calibration: readonly (readonly CalibrationBin[])[];
  /** Log-loss of always predicting these rows' own class shares: what "no skill" scores. */
  readonly priorLogloss: number;
}

/** Metrics of `probabilities` (rows × classes, row-major) against class indices. */
export function classificationMetrics(probabilities: ArrayLike<number>, labels: ArrayLike<number>, classes: number): ClassificationMetrics {
  const rows = labels.length;
  if (probabilities.length !== rows * classes) throw new RangeError(`expected ${rows} × ${classes} probabilities, got ${probabilities.length}`);
  if (rows === 0) throw new RangeError('metrics need at least one row');
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const binRows = Array.from({ length: classes }, () => new Array<number>(CALIBRATION_BINS).fill(0));
  const binPredicted = Array.from({ length: classes }, () => new Array<number>(CALIBRATION_BINS).fill(0));
  const binHits = Array.from({ length: classes }, () => new Array<number>(CALIBRATION_BINS).fill(0));
  const counts = new Array<number>(classes).fill(0);
  let logloss = 0;
  let brier = 0;
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    const y = labels[r];
    counts[y]++;
    let argmax = 0;
    for (let k = 0; k < classes; k++) {
      const p = probabilities[r * classes + k];
      if (p > probabilities[r * classes + argmax]) argmax = k;
      const target = k === y ? 1 : 0;
      brier += (p - target) * (p - target);
      const bin = Math.min(CALIBRATION_BINS - 1, Math.floor(p * CALIBRATION_BINS));
      binRows[k][bin]++;
      binPredicted[k][bin] += p;
      binHits[k][bin] += target;
    }
    logloss -= Math.log(Math.max(probabilities[r * classes + y], LOG_EPSILON));
    confusion[y][argmax]++;
    if (argmax === y) correct++;
  }
  const calibration = binRows.map((byBin, k) =>
    byBin.map((n, b) => ({ from: b / CALIBRATION_BINS, rows: n, meanPredicted: n > 0 ? binPredicted[k][b] / n : Number.NaN, observed: n > 0 ? binHits[k][b] / n : Number.NaN })),
  );
  const priorLogloss = -counts.reduce((sum, c) => (c > 0 ? sum + (c / rows) * Math.log(c / rows) : sum), 0);
  return { rows, logloss: logloss / rows, accuracy: correct / rows, brier: brier / rows, confusion, calibration, priorLogloss };
}

/** Pearson correlation of two equally long series; NaN when either is constant. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (b.length !== n || n === 0) throw new RangeError(`pearson needs two non-empty series of equal length, got ${a.length} and ${b.length}`);
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : Number.NaN;
}
