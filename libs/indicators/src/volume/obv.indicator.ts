// On-balance volume as TA-Lib OBV (lookback 0): starts at the first bar's
// volume, then adds the volume on an up close and subtracts it on a down close.
import type { StreamingIndicator } from '../core/indicator';

export class Obv implements StreamingIndicator {
  readonly lookback = 0;
  value = Number.NaN;
  private previousClose = Number.NaN;

  update(close: number, volume: number): number {
    const previous = this.previousClose;
    this.previousClose = close;
    if (previous !== previous) this.value = volume;
    else if (close > previous) this.value += volume;
    else if (close < previous) this.value -= volume;
    return this.value;
  }
}
