// Volatility and the shape of the bar: NATR, the short/long ATR ratio (a
// volatility regime), and the bar's range, body and wicks in ATR units.
import { Atr } from '@trading/indicators';
import { type FeatureBar, type FeatureGroup, type SharedBarState, ratio } from './feature-group';

export class VolatilityFeatures implements FeatureGroup {
  readonly names = ['natr_14', 'atr_ratio_5_50', 'range_atr', 'body_atr', 'upper_wick_atr', 'lower_wick_atr'];
  readonly lookback: number;
  private readonly atr5 = new Atr(5);
  private readonly atr50 = new Atr(50);

  constructor() {
    this.lookback = this.atr50.lookback;
  }

  update(bar: FeatureBar, shared: SharedBarState, out: Float64Array, at: number): void {
    const { open, high, low, close } = bar;
    const atr = shared.atr;
    out[at] = ratio(atr * 100, close);
    out[at + 1] = ratio(this.atr5.update(high, low, close), this.atr50.update(high, low, close));
    out[at + 2] = ratio(high - low, atr);
    out[at + 3] = ratio(close - open, atr);
    out[at + 4] = ratio(high - Math.max(open, close), atr);
    out[at + 5] = ratio(Math.min(open, close) - low, atr);
  }
}
