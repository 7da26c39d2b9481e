// Monte Carlo on the stitched out-of-sample record, seeded, two ways:
// - trade-order bootstrap: the trades' net P&L (account currency) drawn with
//   replacement, as many as there were, added to the initial cash in the order
//   drawn; a path whose equity reaches zero stops trading there;
// - block bootstrap of the daily returns: circular blocks of consecutive days
//   (default length the cube root of the number of days, rounded), drawn until
//   the record's length, compounded; blocks keep the returns' serial dependence
//   and the drawdowns of open positions, which trade P&L alone cannot show.
// Each path gives a final equity, a maximum drawdown (fraction of the peak)
// and an annualised Sharpe ratio; a path is ruined when its equity falls to
// initial * (1 - ruinLoss) or below at any point.
import { SeededRandom } from '@trading/domain';
import { type Percentiles, percentileOfSorted, percentiles } from '../statistics/moments';

export interface MonteCarloPlan {
  readonly runs: number;
  readonly seed: number;
  /** Loss of the initial cash, as a fraction, that counts as ruin (0.5 = half the account). */
  readonly ruinLoss: number;
  /** Days per block of the block bootstrap (default round(days^(1/3))). */
  readonly blockLength?: number;
}

export interface MonteCarloSummary {
  readonly method: 'trade-order' | 'block';
  readonly runs: number;
  readonly finalEquity: Percentiles;
  readonly maxDrawdown: Percentiles;
  readonly sharpe: Percentiles;
  readonly ruinProbability: number;
}

export interface BlockBootstrapSummary extends MonteCarloSummary {
  readonly method: 'block';
  readonly blockLength: number;
  /** Equity fan by day: the 5th, 25th, 50th, 75th and 95th percentile paths (day 0 is the initial cash). */
  readonly fan: readonly Float64Array[];
}

export const FAN_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

export function checkMonteCarloPlan(plan: MonteCarloPlan): void {
  if (!Number.isInteger(plan.runs) || plan.runs < 1) throw new RangeError(`runs: expected a whole number >= 1, got ${plan.runs}`);
  if (!(plan.ruinLoss > 0 && plan.ruinLoss <= 1)) throw new RangeError(`ruin: expected a fraction in (0, 1], got ${plan.ruinLoss}`);
  if (plan.blockLength !== undefined && (!Number.isInteger(plan.blockLength) || plan.blockLength < 1)) throw new RangeError(`block length: expected a whole number >= 1, got ${plan.blockLength}`);
}

/** `tradesPerYear` annualises the per-trade Sharpe ratio. */
export function tradeOrderBootstrap(pnl: ArrayLike<number>, initial: number, tradesPerYear: number, plan: MonteCarloPlan): MonteCarloSummary {
  checkMonteCarloPlan(plan);
  const random = new SeededRandom(plan.seed);
  const n = pnl.length;
  const finals = new Float64Array(plan.runs);
  const drawdowns = new Float64Array(plan.runs);
  const sharpes = new Float64Array(plan.runs);
  const floor = initial * (1 - plan.ruinLoss);
  let ruined = 0;
  const scale = Math.sqrt(tradesPerYear);
  for (let run = 0; run < plan.runs; run++) {
    let equity = initial;
    let peak = initial;
    let deepest = 0;
    let ruin = false;
    let sum = 0;
    let squares = 0;
    for (let k = 0; k < n; k++) {
      const before = equity;
      const r = before > 0 ? pnl[Math.floor(random.nextFloat() * n)] / before : 0;
      if (before > 0) equity = Math.max(0, before * (1 + r));
      sum += r;
      squares += r * r;
      if (equity > peak) peak = equity;
      else deepest = Math.max(deepest, (peak - equity) / peak);
      if (equity <= floor) ruin = true;
    }
    finals[run] = equity;
    drawdowns[run] = deepest;
    sharpes[run] = annualisedSharpe(sum, squares, n, scale);
    if (ruin) ruined++;
  }
  return { method: 'trade-order', runs: plan.runs, finalEquity: percentiles(finals), maxDrawdown: percentiles(drawdowns), sharpe: percentiles(sharpes), ruinProbability: ruined / plan.runs };
}

/** `periodsPerYear` annualises the daily Sharpe ratio. */
export function blockBootstrap(returns: ArrayLike<number>, initial: number, periodsPerYear: number, plan: MonteCarloPlan): BlockBootstrapSummary {
  checkMonteCarloPlan(plan);
  const random = new SeededRandom(plan.seed);
  const n = returns.length;
  const blockLength = Math.min(Math.max(1, n), plan.blockLength ?? Math.max(1, Math.round(Math.cbrt(n))));
  const finals = new Float64Array(plan.runs);
  const drawdowns = new Float64Array(plan.runs);
  const sharpes = new Float64Array(plan.runs);
  const paths = new Float64Array(plan.runs * (n + 1));
  const floor = initial * (1 - plan.ruinLoss);
  const scale = Math.sqrt(periodsPerYear);
  let ruined = 0;
  for (let run = 0; run < plan.runs; run++) {
    let equity = initial;
    let peak = initial;
    let deepest = 0;
    let ruin = false;
    let sum = 0;
    let squares = 0;
    const offset = run * (n + 1);
    paths[offset] = initial;
    let t = 0;
    while (t < n) {
      const start = Math.floor(random.nextFloat() * n);
      for (let j = 0; j < blockLength && t < n; j++, t++) {
        const r = returns[(start + j) % n];
        equity *= 1 + r;
        sum += r;
        squares += r * r;
        if (equity > peak) peak = equity;
        else deepest = Math.max(deepest, (peak - equity) / peak);
        if (equity <= floor) ruin = true;
        paths[offset + t + 1] = equity;
      }
    }
    finals[run] = equity;
    drawdowns[run] = deepest;
    sharpes[run] = annualisedSharpe(sum, squares, n, scale);
    if (ruin) ruined++;
  }
  return {
    method: 'block',
    runs: plan.runs,
    blockLength,
    finalEquity: percentiles(finals),
    maxDrawdown: percentiles(drawdowns),
    sharpe: percentiles(sharpes),
    ruinProbability: ruined / plan.runs,
    fan: fanOf(paths, plan.runs, n + 1),
  };
}

function annualisedSharpe(sum: number, squares: number, n: number, scale: number): number {
  if (n < 2) return 0;
  const m = sum / n;
  const variance = (squares - sum * m) / (n - 1);
  return variance > 0 ? (m / Math.sqrt(variance)) * scale : 0;
}

function fanOf(paths: Float64Array, runs: number, steps: number): Float64Array[] {
  const fan = FAN_QUANTILES.map(() => new Float64Array(steps));
  const column = new Float64Array(runs);
  for (let t = 0; t < steps; t++) {
    for (let run = 0; run < runs; run++) column[run] = paths[run * steps + t];
    column.sort();
    FAN_QUANTILES.forEach((q, k) => (fan[k][t] = percentileOfSorted(column, q)));
  }
  return fan;
}
