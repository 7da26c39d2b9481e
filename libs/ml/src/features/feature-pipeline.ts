// The one code path that turns bars into feature rows. Training feeds it a
// whole file bar by bar (computeFeatures); a live service feeds it one closed
// bar at a time; both call `update`, so a row is the same numbers either way.
// Every feature is computed from the bars up to and including the current one.
import { type Timeframe, instrumentFor, timeframeMs } from '@trading/domain';
import { Atr } from '@trading/indicators';
import { BandFeatures } from './bands.features';
import type { FeatureBar, FeatureGroup, SharedBarState } from './feature-group';
import { FX_TECHNICAL_FEATURE_SET, type FeatureSetDescriptor } from './feature-set';
import { MomentumFeatures } from './momentum.features';
import { ReturnFeatures } from './returns.features';
import { SessionFeatures } from './session.features';
import { TrendFeatures } from './trend.features';
import { VolatilityFeatures } from './volatility.features';
import { VolumeFeatures } from './volume.features';

export interface FeaturePipelineOptions {
  /** Instrument, for the size of a spread point. */
  readonly symbol: string;
  /** Timeframe of the bars, to count missing bars across gaps. */
  readonly timeframe: Timeframe;
}

export class FeaturePipeline {
  readonly descriptor: FeatureSetDescriptor;
  /** Index of the first bar (from a series' start) at which every feature can be defined. */
  readonly lookback: number;
  /** The latest row; `update` overwrites it, so copy it to keep it. */
  readonly row: Float64Array;
  private readonly groups: readonly FeatureGroup[];
  private readonly offsets: Int32Array;
  private readonly atr = new Atr(14);
  private readonly shared: SharedBarState = { atr: Number.NaN, previousTime: Number.NaN };
  private seen = 0;

  constructor(options: FeaturePipelineOptions) {
    const precision = instrumentFor(options.symbol).precision;
    this.groups = [
      new ReturnFeatures(),
      new MomentumFeatures(),
      new TrendFeatures(),
      new VolatilityFeatures(),
      new BandFeatures(),
      new VolumeFeatures(),
      new SessionFeatures(timeframeMs(options.timeframe), 1 / 10 ** precision),
    ];
    const names = this.groups.flatMap((group) => group.names);
    this.descriptor = Object.freeze({ ...FX_TECHNICAL_FEATURE_SET, names: Object.freeze(names) });
    this.lookback = Math.max(this.atr.lookback, ...this.groups.map((group) => group.lookback));
    this.row = new Float64Array(names.length);
    this.offsets = new Int32Array(this.groups.length);
    let at = 0;
    this.groups.forEach((group, k) => {
      this.offsets[k] = at;
      at += group.names.length;
    });
  }

  get names(): readonly string[] {
    return this.descriptor.names;
  }

  /** Bars fed so far. */
  get barsSeen(): number {
    return this.seen;
  }

  /**
   * Feeds one closed bar and returns its feature row (the reused `row` buffer;
   * NaN marks a value that is not defined yet or has no meaning on this bar).
   * Bars must come in strictly increasing time with finite prices.
   */
  update(bar: FeatureBar): Float64Array {
    const shared = this.shared;
    if (!(bar.time > shared.previousTime) && shared.previousTime === shared.previousTime) {
      throw new RangeError(`feature pipeline: bar time ${bar.time} is not after the previous bar's ${shared.previousTime}`);
    }
    if (!Number.isFinite(bar.open + bar.high + bar.low + bar.close + bar.volume + bar.spread + bar.time)) {
      throw new RangeError(`feature pipeline: bar at ${bar.time} has a non-finite field`);
    }
    shared.atr = this.atr.update(bar.high, bar.low, bar.close);
    const groups = this.groups;
    for (let k = 0; k < groups.length; k++) groups[k].update(bar, shared, this.row, this.offsets[k]);
    shared.previousTime = bar.time;
    this.seen++;
    return this.row;
  }
}
