// Returns over several horizons (rate of change in percent), the 24-bar move
// in ATR units, and the realised volatility of one-bar returns.
import { Momentum, RateOfChange, StdDev } from '@trading/indicators';
import { type FeatureBar, type FeatureGroup, type SharedBarState, ratio } from './feature-group';

const HORIZONS = [1, 3, 6, 12, 24, 48, 120] as const;

export class ReturnFeatures implements FeatureGroup {
  readonly names = [...HORIZONS.map((h) => `roc_${h}`), 'mom_24_atr', 'ret_std_20', 'ret_std_100'];
  readonly lookback: number;
  private readonly rocs = HORIZONS.map((h) => new RateOfChange(h));
  private readonly move24 = new Momentum(24);
  private readonly std20 = new StdDev(20);
  private readonly std100 = new StdDev(100);

  constructor() {
    // One-bar returns start at bar 1, so their deviations are defined `period` bars in.
    this.lookback = Math.max(...this.rocs.map((r) => r.lookback), this.move24.lookback, 1 + this.std100.lookback);
  }

  update(bar: FeatureBar, shared: SharedBarState, out: Float64Array, at: number): void {
    const rocs = this.rocs;
    for (let k = 0; k < rocs.length; k++) out[at + k] = rocs[k].update(bar.close);
    let i = at + rocs.length;
    out[i++] = ratio(this.move24.update(bar.close), shared.atr);
    const oneBar = out[at];
    // Never feed a missing value to a rolling statistic: it would stay in its running sums.
    if (oneBar === oneBar) {
      this.std20.update(oneBar);
      this.std100.update(oneBar);
    }
    out[i++] = this.std20.value;
    out[i] = this.std100.value;
  }
}
