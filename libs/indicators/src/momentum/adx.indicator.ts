// Directional movement as TA-Lib computes ADX, PLUS_DI, MINUS_DI and DX.
// +DM = h - h[1] when it beats l[1] - l and is positive (and -DM the mirror);
// TA-Lib's Wilder smoothing is a running sum seeded with the first n-1 moves
// and true ranges (bars 1..n-1), then S = S - S/n + x from bar n on.
// +DI = 100 * S(+DM) / S(TR) and -DI likewise from bar n (lookback n);
// DX = 100 * |+DI - -DI| / (+DI + -DI); the first ADX (bar 2n-1, lookback
// 2n-1) is the mean of the n DX values from bar n, then ADX = (ADX*(n-1) + DX)/n.
// When the smoothed range or the DI sum is zero, DX is skipped and ADX kept, as TA-Lib does.
import { DOUBLE_ZERO, isTaZero, requirePeriod } from '../core/parameter.guard';
import type { StreamingIndicator } from '../core/indicator';
import { trueRange } from '../volatility/true-range.indicator';

export class Adx implements StreamingIndicator {
  readonly lookback: number;
  /** Bars before the first +DI / -DI / DX value (n). */
  readonly directionalLookback: number;
  plusDI = Number.NaN;
  minusDI = Number.NaN;
  dx = Number.NaN;
  adx = Number.NaN;
  private previousHigh = Number.NaN;
  private previousLow = Number.NaN;
  private previousClose = Number.NaN;
  private bar = 0;
  private plusDM = DOUBLE_ZERO;
  private minusDM = DOUBLE_ZERO;
  private range = DOUBLE_ZERO;
  private dxSum = DOUBLE_ZERO;

  constructor(readonly period = 14) {
    requirePeriod('adx', 'period', period);
    this.lookback = 2 * period - 1;
    this.directionalLookback = period;
  }

  get value(): number {
    return this.adx;
  }

  update(high: number, low: number, close: number): number {
    const index = this.bar++;
    const previousHigh = this.previousHigh;
    const previousLow = this.previousLow;
    const previousClose = this.previousClose;
    this.previousHigh = high;
    this.previousLow = low;
    this.previousClose = close;
    if (index === 0) return this.adx;

    const n = this.period;
    const up = high - previousHigh;
    const down = previousLow - low;
    const plusMove = up > 0 && up > down ? up : 0;
    const minusMove = down > 0 && up < down ? down : 0;
    const tr = trueRange(high, low, previousClose);
    if (index < n) {
      this.plusDM += plusMove;
      this.minusDM += minusMove;
      this.range += tr;
      return this.adx;
    }
    this.plusDM = this.plusDM - this.plusDM / n + plusMove;
    this.minusDM = this.minusDM - this.minusDM / n + minusMove;
    this.range = this.range - this.range / n + tr;

    let dx = Number.NaN;
    if (isTaZero(this.range)) {
      this.plusDI = 0;
      this.minusDI = 0;
    } else {
      this.plusDI = 100 * (this.plusDM / this.range);
      this.minusDI = 100 * (this.minusDM / this.range);
      const sum = this.plusDI + this.minusDI;
      if (!isTaZero(sum)) dx = 100 * (Math.abs(this.minusDI - this.plusDI) / sum);
    }
    if (dx === dx) this.dx = dx;
    else if (this.dx !== this.dx) this.dx = 0;

    if (index < 2 * n - 1) {
      if (dx === dx) this.dxSum += dx;
    } else if (index === 2 * n - 1) {
      if (dx === dx) this.dxSum += dx;
      this.adx = this.dxSum / n;
    } else if (dx === dx) {
      this.adx = (this.adx * (n - 1) + dx) / n;
    }
    return this.adx;
  }
}
