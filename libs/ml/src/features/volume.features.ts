// Activity: tick volume against its recent mean and spread, and the close
// against the session VWAP (UTC day) in ATR units.
import { SessionVwap, Sma, ZScore } from '@trading/indicators';
import { type FeatureBar, type FeatureGroup, type SharedBarState, ratio } from './feature-group';

export class VolumeFeatures implements FeatureGroup {
  readonly names = ['volume_zscore_20', 'volume_ratio_20', 'vwap_distance_atr'];
  readonly lookback: number;
  private readonly zscore = new ZScore(20);
  private readonly mean = new Sma(20);
  private readonly vwap = new SessionVwap(0);

  constructor() {
    this.lookback = Math.max(this.zscore.lookback, this.mean.lookback);
  }

  update(bar: FeatureBar, shared: SharedBarState, out: Float64Array, at: number): void {
    out[at] = this.zscore.update(bar.volume);
    out[at + 1] = ratio(bar.volume, this.mean.update(bar.volume));
    out[at + 2] = ratio(bar.close - this.vwap.update(bar.time, bar.high, bar.low, bar.close, bar.volume), shared.atr);
  }
}
