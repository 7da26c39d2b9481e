// The look-ahead check: a strategy that only uses the past gives, on data cut
// right after a bar, the same signals up to that bar as on the whole file. We
// replay on the whole file, then on files truncated at checked bars, and report
// every signal that changes, vanishes or appears. Checked bars are every signal
// bar (or a seeded sample of at most `maxSamples`) plus as many seeded bars
// without a signal, so a signal that only appears on cut data is caught too.
import type { BarColumns, RandomSource } from '@trading/domain';
import type { ParameterValues } from '../core/parameter-space';
import type { StrategyDefinition, StrategySignal } from '../core/strategy';
import { type IndexedSignal, replaySignals, truncateBars } from './signal.replay';

export interface LookAheadOptions {
  /** Most signal bars to check (and most non-signal bars); default 200. */
  readonly maxSamples?: number;
  /** Draws the sample when there are more candidate bars than `maxSamples`. */
  readonly random: RandomSource;
}

export interface LookAheadDifference {
  /** Bar the signal belongs to. */
  readonly index: number;
  readonly barTime: number;
  /** Where the data was cut (last bar kept). */
  readonly cutAt: number;
  readonly onFullData: StrategySignal | null;
  readonly onTruncatedData: StrategySignal | null;
  readonly description: string;
}

export interface LookAheadReport {
  readonly strategy: string;
  readonly bars: number;
  readonly signals: number;
  /** Bars the data was cut at. */
  readonly checkedBars: number;
  readonly sampled: boolean;
  readonly differences: readonly LookAheadDifference[];
  readonly passed: boolean;
}

const DEFAULT_MAX_SAMPLES = 200;
/** Differences listed in a report; a peeking strategy would otherwise produce one per cut. */
const MAX_REPORTED = 50;

export function checkLookAhead(definition: StrategyDefinition, parameters: ParameterValues, bars: BarColumns, options: LookAheadOptions): LookAheadReport {
  const maxSamples = options.maxSamples ?? DEFAULT_MAX_SAMPLES;
  if (!Number.isInteger(maxSamples) || maxSamples < 1) throw new RangeError(`maxSamples must be a whole number >= 1, got ${maxSamples}`);
  const full = replaySignals(definition, parameters, bars);
  const signalBars = full.map((s) => s.index);
  const signalSet = new Set(signalBars);
  const quietBars: number[] = [];
  for (let i = 0; i < bars.length; i++) if (!signalSet.has(i)) quietBars.push(i);
  const sampled = signalBars.length > maxSamples || quietBars.length > maxSamples;
  const cuts = [...sample(signalBars, maxSamples, options.random), ...sample(quietBars, Math.min(maxSamples, Math.max(signalBars.length, 20)), options.random)].sort((a, b) => a - b);

  const differences: LookAheadDifference[] = [];
  let differing = 0;
  for (const cut of cuts) {
    const truncated = replaySignals(definition, parameters, truncateBars(bars, cut + 1));
    for (const difference of compareUpTo(full, truncated, cut, bars)) {
      differing++;
      if (differences.length < MAX_REPORTED) differences.push(difference);
    }
  }
  return { strategy: definition.name, bars: bars.length, signals: full.length, checkedBars: cuts.length, sampled, differences, passed: differing === 0 };
}

/** Differences between the full replay's signals at bars <= cut and the truncated replay's. */
function compareUpTo(full: readonly IndexedSignal[], truncated: readonly IndexedSignal[], cut: number, bars: BarColumns): LookAheadDifference[] {
  const found: LookAheadDifference[] = [];
  const byIndex = new Map<number, StrategySignal>();
  for (const s of full) {
    if (s.index > cut) break;
    byIndex.set(s.index, s.signal);
  }
  const seen = new Set<number>();
  for (const t of truncated) {
    seen.add(t.index);
    const expected = byIndex.get(t.index);
    if (expected === undefined) found.push(difference(t.index, cut, bars, null, t.signal, 'appears only on truncated data'));
    else if (JSON.stringify(expected) !== JSON.stringify(t.signal)) found.push(difference(t.index, cut, bars, expected, t.signal, 'changes when the data is truncated'));
  }
  for (const [index, signal] of byIndex) {
    if (!seen.has(index)) found.push(difference(index, cut, bars, signal, null, 'disappears when the data is truncated'));
  }
  return found;
}

function difference(index: number, cut: number, bars: BarColumns, onFullData: StrategySignal | null, onTruncatedData: StrategySignal | null, what: string): LookAheadDifference {
  const barTime = bars.time[index];
  const describe = (s: StrategySignal | null): string => (s === null ? 'no signal' : `${s.side} (${s.reason})`);
  return {
    index,
    barTime,
    cutAt: cut,
    onFullData,
    onTruncatedData,
    description: `bar ${index} (${new Date(barTime).toISOString()}): signal ${what} at bar ${cut}: full data gives ${describe(onFullData)}, truncated data gives ${describe(onTruncatedData)}`,
  };
}

/** Up to `count` items, in order; a seeded partial Fisher-Yates draw when there are more. */
function sample(items: readonly number[], count: number, random: RandomSource): number[] {
  if (items.length <= count) return [...items];
  const pool = [...items];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random.nextFloat() * (pool.length - i));
    const swap = pool[i];
    pool[i] = pool[j];
    pool[j] = swap;
  }
  return pool.slice(0, count).sort((a, b) => a - b);
}
