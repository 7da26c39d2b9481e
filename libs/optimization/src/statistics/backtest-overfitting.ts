// The Probability of Backtest Overfitting by combinatorially symmetric
// cross-validation (Bailey, Borwein, López de Prado & Zhu, "The Probability of
// Backtest Overfitting", 2015). The trials' per-period returns form a T x N
// matrix; its rows are cut into S equal blocks; for every choice of S/2 blocks
// as the in-sample half (the other half out of sample) the trial with the best
// in-sample Sharpe is picked and its out-of-sample Sharpe ranked among all N.
// PBO is the share of splits where that rank is at or below the median.
//
// Conventions (README "Conventions"): Sharpe per period with ddof 1 (0 for a
// flat half); the first T mod S rows (the oldest) are dropped so the blocks
// are equal; in-sample ties go to the lowest trial number; the out-of-sample
// rank is 1 for the worst, ties sharing their average rank; w = rank / (N + 1);
// logit = ln(w / (1 - w)); a split counts as overfit when logit <= 0.
import type { Series } from './moments';

export interface BacktestOverfitting {
  /** Share of splits whose logit is <= 0; null when there are too few trials or rows. */
  readonly value: number | null;
  readonly partitions: number;
  readonly combinations: number;
  readonly rowsUsed: number;
  readonly rowsDropped: number;
  /** One logit per split, in the order the splits were enumerated. */
  readonly logits: Float64Array;
}

export const DEFAULT_PARTITIONS = 16;

export function probabilityOfBacktestOverfitting(columns: readonly Series[], partitions = DEFAULT_PARTITIONS): BacktestOverfitting {
  if (!Number.isInteger(partitions) || partitions < 2 || partitions % 2 !== 0 || partitions > 30) {
    throw new RangeError(`the number of partitions must be an even whole number in 2..30, got ${partitions}`);
  }
  const trials = columns.length;
  const rows = trials > 0 ? columns[0].length : 0;
  for (const column of columns) if (column.length !== rows) throw new RangeError(`every trial needs the same number of returns (${rows}), got ${column.length}`);
  const blockRows = Math.floor(rows / partitions);
  const rowsUsed = blockRows * partitions;
  const rowsDropped = rows - rowsUsed;
  const empty = { value: null, partitions, combinations: 0, rowsUsed, rowsDropped, logits: new Float64Array(0) };
  // A Sharpe ratio needs two returns in each half: S/2 blocks of at least one row.
  if (trials < 2 || blockRows < 1 || (partitions / 2) * blockRows < 2) return empty;

  const sums = new Float64Array(partitions * trials);
  const squares = new Float64Array(partitions * trials);
  for (let n = 0; n < trials; n++) {
    const column = columns[n];
    for (let b = 0; b < partitions; b++) {
      let sum = 0;
      let square = 0;
      const start = rowsDropped + b * blockRows;
      for (let t = start; t < start + blockRows; t++) {
        sum += column[t];
        square += column[t] * column[t];
      }
      sums[b * trials + n] = sum;
      squares[b * trials + n] = square;
    }
  }

  const half = partitions / 2;
  const halfRows = half * blockRows;
  const inSample = new Float64Array(trials);
  const outOfSample = new Float64Array(trials);
  const logits: number[] = [];
  let overfit = 0;
  const all = (1 << partitions) - 1;
  for (let mask = (1 << half) - 1; mask <= all; mask = nextCombination(mask)) {
    halfSharpes(sums, squares, trials, partitions, mask, halfRows, inSample);
    halfSharpes(sums, squares, trials, partitions, all & ~mask, halfRows, outOfSample);
    let best = 0;
    for (let n = 1; n < trials; n++) if (inSample[n] > inSample[best]) best = n;
    const chosen = outOfSample[best];
    let below = 0;
    let equal = 0;
    for (let n = 0; n < trials; n++) {
      if (outOfSample[n] < chosen) below++;
      else if (outOfSample[n] === chosen) equal++;
    }
    const rank = below + (equal + 1) / 2;
    const w = rank / (trials + 1);
    const logit = Math.log(w / (1 - w));
    if (logit <= 0) overfit++;
    logits.push(logit);
  }
  return { value: overfit / logits.length, partitions, combinations: logits.length, rowsUsed, rowsDropped, logits: Float64Array.from(logits) };
}

function halfSharpes(sums: Float64Array, squares: Float64Array, trials: number, partitions: number, mask: number, count: number, out: Float64Array): void {
  out.fill(0);
  const totals = new Float64Array(trials);
  for (let b = 0; b < partitions; b++) {
    if ((mask & (1 << b)) === 0) continue;
    const offset = b * trials;
    for (let n = 0; n < trials; n++) {
      totals[n] += sums[offset + n];
      out[n] += squares[offset + n];
    }
  }
  for (let n = 0; n < trials; n++) {
    const m = totals[n] / count;
    const variance = (out[n] - totals[n] * m) / (count - 1);
    out[n] = variance > 0 ? m / Math.sqrt(variance) : 0;
  }
}

/** The next larger number with the same count of set bits (Gosper's hack). */
function nextCombination(mask: number): number {
  const lowest = mask & -mask;
  const ripple = mask + lowest;
  return (((ripple ^ mask) >>> 2) / lowest) | ripple;
}
