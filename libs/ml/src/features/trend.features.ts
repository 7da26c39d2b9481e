// Trend: ADX and the directional indicators, the close against EMAs of several
// lengths and the EMAs against each other (in ATR units, so a value means the
// same at 1.05 and at 1.40), the slope of the 20-bar EMA, and Parabolic SAR.
import { Adx, Ema, Momentum, ParabolicSar } from '@trading/indicators';
import { type FeatureBar, type FeatureGroup, type SharedBarState, ratio } from './feature-group';

const SLOPE_BARS = 5;

export class TrendFeatures implements FeatureGroup {
  readonly names = [
    'adx_14',
    'plus_di_14',
    'minus_di_14',
    'di_spread_14',
    'close_ema_20_atr',
    'close_ema_50_atr',
    'close_ema_100_atr',
    'close_ema_200_atr',
    'ema_20_50_atr',
    'ema_50_200_atr',
    `ema_20_slope_${SLOPE_BARS}_atr`,
    'sar_distance_atr',
    'sar_trend',
  ];
  readonly lookback: number;
  private readonly adx = new Adx(14);
  private readonly ema20 = new Ema(20);
  private readonly ema50 = new Ema(50);
  private readonly ema100 = new Ema(100);
  private readonly ema200 = new Ema(200);
  private readonly slope = new Momentum(SLOPE_BARS);
  private readonly sar = new ParabolicSar(0.02, 0.2);

  constructor() {
    this.lookback = Math.max(this.adx.lookback, this.ema200.lookback, this.ema20.lookback + SLOPE_BARS, this.sar.lookback);
  }

  update(bar: FeatureBar, shared: SharedBarState, out: Float64Array, at: number): void {
    const { high, low, close } = bar;
    const atr = shared.atr;
    const adx = this.adx;
    adx.update(high, low, close);
    out[at] = adx.adx;
    out[at + 1] = adx.plusDI;
    out[at + 2] = adx.minusDI;
    out[at + 3] = adx.plusDI - adx.minusDI;
    const ema20 = this.ema20.update(close);
    const ema50 = this.ema50.update(close);
    const ema100 = this.ema100.update(close);
    const ema200 = this.ema200.update(close);
    out[at + 4] = ratio(close - ema20, atr);
    out[at + 5] = ratio(close - ema50, atr);
    out[at + 6] = ratio(close - ema100, atr);
    out[at + 7] = ratio(close - ema200, atr);
    out[at + 8] = ratio(ema20 - ema50, atr);
    out[at + 9] = ratio(ema50 - ema200, atr);
    if (ema20 === ema20) this.slope.update(ema20);
    out[at + 10] = ratio(this.slope.value, atr);
    const sar = this.sar.update(high, low);
    out[at + 11] = ratio(close - sar, atr);
    out[at + 12] = sar === sar ? (this.sar.isLong ? 1 : -1) : Number.NaN;
  }
}
