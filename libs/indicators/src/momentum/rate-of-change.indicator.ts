// Rate of change and momentum over n bars (TA-Lib ROC and MOM, lookback n):
// ROC = (x / x[n ago] - 1) * 100 (0 when the old value is zero, as TA-Lib);
// momentum = x - x[n ago].
import { requirePeriod } from '../core/parameter.guard';
import { RollingWindow } from '../core/rolling-window';
import type { StreamingIndicator } from '../core/indicator';

export class RateOfChange implements StreamingIndicator {
  readonly lookback: number;
  value = Number.NaN;
  private readonly window: RollingWindow;

  constructor(readonly period: number) {
    requirePeriod('roc', 'period', period);
    this.lookback = period;
    this.window = new RollingWindow(period);
  }

  update(input: number): number {
    const old = this.window.push(input);
    if (old !== old) return this.value;
    this.value = old !== 0 ? (input / old - 1) * 100 : 0;
    return this.value;
  }
}

export class Momentum implements StreamingIndicator {
  readonly lookback: number;
  value = Number.NaN;
  private readonly window: RollingWindow;

  constructor(readonly period: number) {
    requirePeriod('mom', 'period', period);
    this.lookback = period;
    this.window = new RollingWindow(period);
  }

  update(input: number): number {
    const old = this.window.push(input);
    if (old !== old) return this.value;
    this.value = input - old;
    return this.value;
  }
}
