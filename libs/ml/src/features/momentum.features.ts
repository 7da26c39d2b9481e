// Oscillators: RSI, stochastics, Williams %R, CCI, MFI on tick volume, and the
// MACD lines in ATR units (raw MACD is in price units, which drift with the
// price level and volatility).
import { Cci, Macd, Mfi, Rsi, Stochastic, StochasticRsi, WilliamsR } from '@trading/indicators';
import { type FeatureBar, type FeatureGroup, type SharedBarState, ratio } from './feature-group';

export class MomentumFeatures implements FeatureGroup {
  readonly names = ['rsi_7', 'rsi_14', 'stoch_k_14_3_3', 'stoch_d_14_3_3', 'stochrsi_k_14_14_3', 'willr_14', 'cci_20', 'mfi_14', 'macd_line_atr', 'macd_signal_atr', 'macd_hist_atr'];
  readonly lookback: number;
  private readonly rsi7 = new Rsi(7);
  private readonly rsi14 = new Rsi(14);
  private readonly stochastic = new Stochastic(14, 3, 3);
  private readonly stochRsi = new StochasticRsi(14, 14, 3);
  private readonly williams = new WilliamsR(14);
  private readonly cci = new Cci(20);
  private readonly mfi = new Mfi(14);
  private readonly macd = new Macd(12, 26, 9);

  constructor() {
    const all = [this.rsi7, this.rsi14, this.stochastic, this.stochRsi, this.williams, this.cci, this.mfi, this.macd];
    this.lookback = Math.max(...all.map((indicator) => indicator.lookback));
  }

  update(bar: FeatureBar, shared: SharedBarState, out: Float64Array, at: number): void {
    const { high, low, close } = bar;
    out[at] = this.rsi7.update(close);
    out[at + 1] = this.rsi14.update(close);
    this.stochastic.update(high, low, close);
    out[at + 2] = this.stochastic.k;
    out[at + 3] = this.stochastic.d;
    out[at + 4] = this.stochRsi.update(close);
    out[at + 5] = this.williams.update(high, low, close);
    out[at + 6] = this.cci.update(high, low, close);
    out[at + 7] = this.mfi.update(high, low, close, bar.volume);
    this.macd.update(close);
    out[at + 8] = ratio(this.macd.line, shared.atr);
    out[at + 9] = ratio(this.macd.signal, shared.atr);
    out[at + 10] = ratio(this.macd.histogram, shared.atr);
  }
}
