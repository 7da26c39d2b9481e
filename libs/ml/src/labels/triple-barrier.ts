// Triple-barrier labels (López de Prado): from the close of bar t, an upper
// barrier takeProfit × ATR above, a lower barrier stopLoss × ATR below, and a
// time barrier `horizon` bars later. The label is LONG when the upper barrier
// is touched first (a bar's high), SHORT when the lower one is (a bar's low),
// NEUTRAL when time runs out. A bar touching both barriers cannot say which
// came first, so it is NEUTRAL too (no guess). Each label keeps the bar it was
// decided on: a training row's label uses prices up to that bar, which is what
// purging needs. A label whose barriers are still open at the end of the data
// is unknown, never guessed; so is one on a bar without an ATR yet.
// Prices are the bars' (bid) prices; costs belong to the strategy, not the label.
import type { BarColumns } from '@trading/domain';
import { Atr } from '@trading/indicators';

export const SHORT = -1;
export const NEUTRAL = 0;
export const LONG = 1;
/** The three labels in class-index order (class 0 = SHORT, 1 = NEUTRAL, 2 = LONG). */
export const LABEL_CLASSES = [SHORT, NEUTRAL, LONG] as const;
export const LABEL_NAMES = ['SHORT', 'NEUTRAL', 'LONG'] as const;

export type BarrierOutcome = 'upper' | 'lower' | 'both' | 'time' | 'unknown';
const OUTCOMES: readonly BarrierOutcome[] = ['unknown', 'upper', 'lower', 'both', 'time'];

export interface TripleBarrierOptions {
  /** Upper barrier distance in ATRs. */
  readonly takeProfit: number;
  /** Lower barrier distance in ATRs. */
  readonly stopLoss: number;
  /** Time barrier, in bars after the entry bar. */
  readonly horizon: number;
  readonly atrPeriod: number;
}

/**
 * 2 ATRs either way within 12 bars: on EURUSD H1 before 2020 (the training
 * years; later years were not looked at) this splits the bars into about
 * thirds (SHORT 32.5%, NEUTRAL 34.5%, LONG 33.0%), where a 24-bar horizon
 * leaves NEUTRAL at 9% and a model could score well by ignoring it.
 */
export const DEFAULT_TRIPLE_BARRIER: TripleBarrierOptions = Object.freeze({ takeProfit: 2, stopLoss: 2, horizon: 12, atrPeriod: 14 });

export interface TripleBarrierLabels {
  readonly options: TripleBarrierOptions;
  /** -1, 0 or 1 per bar; 0 where unknown too, so read `endIndex` first. */
  readonly label: Int8Array;
  /** Bar at which the label was decided; -1 when the label is unknown. */
  readonly endIndex: Int32Array;
  /** Start time of that bar (UTC ms); NaN when unknown. */
  readonly endTime: Float64Array;
  /** How each label was decided, as an index into `outcomeNames`. */
  readonly outcome: Uint8Array;
  readonly outcomeNames: readonly BarrierOutcome[];
}

export function validateTripleBarrierOptions(options: TripleBarrierOptions): void {
  const problems: string[] = [];
  if (!(options.takeProfit > 0) || !Number.isFinite(options.takeProfit)) problems.push(`takeProfit must be a positive number, got ${options.takeProfit}`);
  if (!(options.stopLoss > 0) || !Number.isFinite(options.stopLoss)) problems.push(`stopLoss must be a positive number, got ${options.stopLoss}`);
  if (!Number.isInteger(options.horizon) || options.horizon < 1) problems.push(`horizon must be a whole number of bars >= 1, got ${options.horizon}`);
  if (!Number.isInteger(options.atrPeriod) || options.atrPeriod < 1) problems.push(`atrPeriod must be a whole number >= 1, got ${options.atrPeriod}`);
  if (problems.length > 0) throw new RangeError(`triple barrier: ${problems.join('; ')}`);
}

export function tripleBarrierLabels(bars: BarColumns, options: TripleBarrierOptions = DEFAULT_TRIPLE_BARRIER): TripleBarrierLabels {
  validateTripleBarrierOptions(options);
  const n = bars.length;
  const { high, low, close, time } = bars;
  const label = new Int8Array(n);
  const endIndex = new Int32Array(n).fill(-1);
  const endTime = new Float64Array(n).fill(Number.NaN);
  const outcome = new Uint8Array(n);
  const atr = new Atr(options.atrPeriod);
  for (let t = 0; t < n; t++) {
    const range = atr.update(high[t], low[t], close[t]);
    if (!(range > 0)) continue;
    const upper = close[t] + options.takeProfit * range;
    const lower = close[t] - options.stopLoss * range;
    const last = t + options.horizon;
    for (let j = t + 1; j <= last && j < n; j++) {
      const up = high[j] >= upper;
      const down = low[j] <= lower;
      if (!up && !down) continue;
      label[t] = up && down ? NEUTRAL : up ? LONG : SHORT;
      outcome[t] = up && down ? 3 : up ? 1 : 2;
      endIndex[t] = j;
      break;
    }
    if (endIndex[t] < 0 && last < n) {
      label[t] = NEUTRAL;
      outcome[t] = 4;
      endIndex[t] = last;
    }
    if (endIndex[t] >= 0) endTime[t] = time[endIndex[t]];
  }
  return { options, label, endIndex, endTime, outcome, outcomeNames: OUTCOMES };
}

/** The class index (0 SHORT, 1 NEUTRAL, 2 LONG) of a label. */
export function classOfLabel(label: number): number {
  return label + 1;
}
