// Where the close sits in its bands and ranges: Bollinger %b and bandwidth,
// Keltner and Donchian positions (0 at the lower edge, 1 at the upper), the
// 50-bar z-score, and the distance to the 100-bar high and low in ATR units.
import { BollingerBands, DonchianChannel, KeltnerChannel, RollingMax, RollingMin, ZScore } from '@trading/indicators';
import { type FeatureBar, type FeatureGroup, type SharedBarState, ratio } from './feature-group';

export class BandFeatures implements FeatureGroup {
  readonly names = ['bb_percent_b_20_2', 'bb_bandwidth_20_2', 'keltner_position_20_2', 'donchian_position_20', 'donchian_position_100', 'zscore_50', 'high_100_distance_atr', 'low_100_distance_atr'];
  readonly lookback: number;
  private readonly bollinger = new BollingerBands(20, 2);
  private readonly keltner = new KeltnerChannel(20, 2);
  private readonly donchian20 = new DonchianChannel(20);
  private readonly donchian100 = new DonchianChannel(100);
  private readonly zscore = new ZScore(50);
  private readonly high100 = new RollingMax(100);
  private readonly low100 = new RollingMin(100);

  constructor() {
    const all = [this.bollinger, this.keltner, this.donchian20, this.donchian100, this.zscore, this.high100, this.low100];
    this.lookback = Math.max(...all.map((indicator) => indicator.lookback));
  }

  update(bar: FeatureBar, shared: SharedBarState, out: Float64Array, at: number): void {
    const { high, low, close } = bar;
    const bands = this.bollinger;
    bands.update(close);
    out[at] = bands.percentB;
    out[at + 1] = bands.bandwidth;
    const keltner = this.keltner;
    keltner.update(high, low, close);
    out[at + 2] = ratio(close - keltner.lower, keltner.upper - keltner.lower);
    this.donchian20.update(high, low);
    out[at + 3] = ratio(close - this.donchian20.lower, this.donchian20.upper - this.donchian20.lower);
    this.donchian100.update(high, low);
    out[at + 4] = ratio(close - this.donchian100.lower, this.donchian100.upper - this.donchian100.lower);
    out[at + 5] = this.zscore.update(close);
    out[at + 6] = ratio(this.high100.update(high) - close, shared.atr);
    out[at + 7] = ratio(close - this.low100.update(low), shared.atr);
  }
}
