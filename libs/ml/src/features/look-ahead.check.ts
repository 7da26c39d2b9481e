// The look-ahead check for features: a feature that only reads the past has,
// at every bar t, the same value on the whole series as on the series cut
// right after t. Features are computed on the whole series, then on series cut
// at seeded random bars, and every value at or before a cut is compared, bit
// for bit (NaN equals NaN). A feature that peeks at later bars changes there.
import type { BarColumns, RandomSource } from '@trading/domain';
import { type FeatureMatrix, computeFeatures } from './feature-matrix';

export interface FeatureLookAheadOptions {
  /** Number of cut points, drawn without repetition; default 20. */
  readonly cuts?: number;
  readonly random: RandomSource;
  /** The computation under test; the project's pipeline by default. */
  readonly compute?: (bars: BarColumns) => FeatureMatrix;
}

export interface FeatureChange {
  readonly row: number;
  readonly cutAt: number;
  readonly onFullData: number;
  readonly onTruncatedData: number;
}

export interface FeatureLookAheadResult {
  readonly name: string;
  /** Values (row, cut) that differ. */
  readonly changes: number;
  readonly firstChange: FeatureChange | null;
}

export interface FeatureLookAheadReport {
  readonly bars: number;
  readonly cuts: readonly number[];
  /** Values compared: the rows before each cut, times the features. */
  readonly comparisons: number;
  readonly features: readonly FeatureLookAheadResult[];
  readonly passed: boolean;
}

export function checkFeatureLookAhead(bars: BarColumns, options: FeatureLookAheadOptions): FeatureLookAheadReport {
  const compute = options.compute ?? computeFeatures;
  const count = options.cuts ?? 20;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`cuts must be a whole number >= 1, got ${count}`);
  if (bars.length < 2) throw new RangeError(`the look-ahead check needs at least 2 bars, got ${bars.length}`);
  const full = compute(bars);
  const cuts = drawCuts(bars.length - 1, count, options.random);
  const changes = new Array<number>(full.columns).fill(0);
  const first = new Array<FeatureChange | null>(full.columns).fill(null);
  let comparisons = 0;
  for (const cut of cuts) {
    const cutMatrix = compute(truncate(bars, cut + 1));
    const width = full.columns;
    for (let i = 0; i <= cut; i++) {
      for (let j = 0; j < width; j++) {
        const a = full.values[i * width + j];
        const b = cutMatrix.values[i * width + j];
        if (a === b || (a !== a && b !== b)) continue;
        changes[j]++;
        first[j] ??= { row: i, cutAt: cut, onFullData: a, onTruncatedData: b };
      }
    }
    comparisons += (cut + 1) * width;
  }
  const features = full.descriptor.names.map((name, j) => ({ name, changes: changes[j], firstChange: first[j] }));
  return { bars: bars.length, cuts, comparisons, features, passed: features.every((f) => f.changes === 0) };
}

/** `count` distinct bars in [0, last), ascending (the last bar has nothing after it to peek at). */
function drawCuts(last: number, count: number, random: RandomSource): number[] {
  const chosen = new Set<number>();
  const wanted = Math.min(count, last);
  while (chosen.size < wanted) chosen.add(random.nextUint32() % last);
  return [...chosen].sort((a, b) => a - b);
}

function truncate(bars: BarColumns, length: number): BarColumns {
  return {
    symbol: bars.symbol,
    timeframe: bars.timeframe,
    length,
    time: bars.time.subarray(0, length),
    open: bars.open.subarray(0, length),
    high: bars.high.subarray(0, length),
    low: bars.low.subarray(0, length),
    close: bars.close.subarray(0, length),
    volume: bars.volume.subarray(0, length),
    spread: bars.spread.subarray(0, length),
  };
}
