// True range (TA-Lib TRANGE, lookback 1): the largest of high-low and the
// distances from the previous close to this bar's high and low.
import type { StreamingIndicator } from '../core/indicator';

export class TrueRange implements StreamingIndicator {
  readonly lookback = 1;
  value = Number.NaN;
  private previousClose = Number.NaN;

  update(high: number, low: number, close: number): number {
    const previous = this.previousClose;
    this.previousClose = close;
    if (previous !== previous) return this.value;
    this.value = trueRange(high, low, previous);
    return this.value;
  }
}

export function trueRange(high: number, low: number, previousClose: number): number {
  let greatest = high - low;
  const fromHigh = Math.abs(previousClose - high);
  if (fromHigh > greatest) greatest = fromHigh;
  const fromLow = Math.abs(previousClose - low);
  if (fromLow > greatest) greatest = fromLow;
  return greatest;
}
