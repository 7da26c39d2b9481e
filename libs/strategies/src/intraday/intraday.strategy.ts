// Intraday (M15/H1): trades with the EMA trend when ADX says the trend is
// strong, inside the London/New York session only. A long needs fast EMA
// above slow, ADX at or above its threshold, and the close coming back above
// the fast EMA after a pullback below it; a short is the mirror image. ATR
// stop and target; flat at the session end, so nothing is held overnight.
import { Adx, Atr, Ema } from '@trading/indicators';
import { type BarColumns, pointSize, timeframeMs } from '@trading/domain';
import { type ParameterSpec, type ParameterValues, numberParameter } from '../core/parameter-space';
import { compareLevels } from '../core/price-levels';
import { buildSignal, fmt } from '../core/signal.builder';
import type { Strategy, StrategyContext, StrategyDefinition, StrategySignal } from '../core/strategy';

export const INTRADAY_PARAMETERS: readonly ParameterSpec[] = [
  { name: 'fastPeriod', type: 'int', min: 3, max: 100, step: 1, default: 20, description: 'fast EMA period' },
  { name: 'slowPeriod', type: 'int', min: 5, max: 300, step: 1, default: 50, description: 'slow EMA period (trend)' },
  { name: 'adxPeriod', type: 'int', min: 3, max: 50, step: 1, default: 14, description: 'ADX period' },
  { name: 'adxMin', type: 'float', min: 5, max: 60, step: 1, default: 20, description: 'ADX at or above which the trend counts as strong' },
  { name: 'atrPeriod', type: 'int', min: 2, max: 100, step: 1, default: 14, description: 'ATR period' },
  { name: 'stopAtr', type: 'float', min: 0.3, max: 10, step: 0.1, default: 1.5, description: 'stop distance in ATRs' },
  { name: 'targetAtr', type: 'float', min: 0.3, max: 15, step: 0.1, default: 3, description: 'target distance in ATRs' },
  { name: 'sessionStartHour', type: 'int', min: 0, max: 23, step: 1, default: 7, description: 'UTC hour the session opens (London)' },
  { name: 'sessionEndHour', type: 'int', min: 1, max: 24, step: 1, default: 20, description: 'UTC hour the session ends (New York afternoon): flat from here' },
];

export const intradayStrategy: StrategyDefinition = {
  name: 'intraday',
  description: 'EMA trend with ADX strength filter, London/New York session only, ATR stop and target, flat at session end',
  timeframes: ['M15', 'M30', 'H1'],
  parameters: INTRADAY_PARAMETERS,
  // The six pairs of the shipped hourly data.
  serviceDefaults: { symbols: ['AUDUSD', 'EURGBP', 'EURUSD', 'GBPUSD', 'USDCAD', 'USDCHF'], timeframe: 'H1' },
  create: (parameters, context) => new IntradayStrategy(parameters, context),
};

const HOUR_MS = 3_600_000;

export class IntradayStrategy implements Strategy {
  readonly name = 'intraday';
  readonly warmupBars: number;
  /** The instrument's point: levels closer than a millionth of it are equal (see compareLevels). */
  private readonly point: number;
  private readonly fast: Ema;
  private readonly slow: Ema;
  private readonly adx: Adx;
  private readonly atr: Atr;
  private readonly adxMin: number;
  private readonly stopAtr: number;
  private readonly targetAtr: number;
  private readonly sessionStart: number;
  private readonly sessionEnd: number;
  private readonly barMs: number;
  private previousClose = Number.NaN;
  private previousFast = Number.NaN;

  constructor(
    parameters: ParameterValues,
    private readonly context: StrategyContext,
  ) {
    const p = (name: string): number => numberParameter(parameters, name);
    if (p('fastPeriod') >= p('slowPeriod')) throw new RangeError(`intraday: parameter "fastPeriod" (${p('fastPeriod')}) must be below "slowPeriod" (${p('slowPeriod')})`);
    if (p('sessionStartHour') >= p('sessionEndHour')) throw new RangeError(`intraday: parameter "sessionStartHour" (${p('sessionStartHour')}) must be before "sessionEndHour" (${p('sessionEndHour')})`);
    this.fast = new Ema(p('fastPeriod'));
    this.slow = new Ema(p('slowPeriod'));
    this.adx = new Adx(p('adxPeriod'));
    this.atr = new Atr(p('atrPeriod'));
    this.adxMin = p('adxMin');
    this.stopAtr = p('stopAtr');
    this.targetAtr = p('targetAtr');
    this.sessionStart = p('sessionStartHour');
    this.sessionEnd = p('sessionEndHour');
    this.barMs = timeframeMs(context.timeframe);
    this.warmupBars = Math.max(this.slow.lookback, this.adx.lookback, this.atr.lookback) + 2;
    this.point = pointSize(context.instrument);
  }

  onBar(bars: BarColumns, index: number): StrategySignal | undefined {
    const close = bars.close[index];
    const high = bars.high[index];
    const low = bars.low[index];
    const fast = this.fast.update(close);
    const slow = this.slow.update(close);
    const adx = this.adx.update(high, low, close);
    const atr = this.atr.update(high, low, close);
    const previousClose = this.previousClose;
    const previousFast = this.previousFast;
    this.previousClose = close;
    this.previousFast = fast;
    // Hour of the bar's close, UTC, in [0, 24): 24 would be the next day's 0.
    const closeTime = bars.time[index] + this.barMs;
    const hour = ((closeTime % 86_400_000) + 86_400_000) % 86_400_000 / HOUR_MS;
    const inSession = hour > this.sessionStart && hour <= this.sessionEnd - 1e-9;
    const position = this.context.positionSide();
    const time = bars.time[index];
    if (position !== 0 && !inSession) {
      return buildSignal(this.name, this.context, time, { side: 'flat', strength: 1, confidence: 1, referencePrice: close, reason: `session over at ${hour.toFixed(2)}h UTC: flat before the night` });
    }
    if (position !== 0 || !inSession || !(adx >= this.adxMin) || !(atr > 0) || previousFast !== previousFast) return undefined;
    const strength = 0.5 + (adx - this.adxMin) / 50;
    const p = this.point;
    const trend = compareLevels(fast, slow, p);
    if (trend > 0 && compareLevels(previousClose, previousFast, p) <= 0 && compareLevels(close, fast, p) > 0) {
      return buildSignal(this.name, this.context, time, {
        side: 'buy',
        strength,
        confidence: 0.5 + (fast - slow) / atr / 10,
        referencePrice: close,
        stopLoss: close - this.stopAtr * atr,
        takeProfit: close + this.targetAtr * atr,
        reason: `uptrend (EMA ${fmt(fast)} > ${fmt(slow)}), ADX ${adx.toFixed(1)} >= ${this.adxMin}, close back above the fast EMA`,
      });
    }
    if (trend < 0 && compareLevels(previousClose, previousFast, p) >= 0 && compareLevels(close, fast, p) < 0) {
      return buildSignal(this.name, this.context, time, {
        side: 'sell',
        strength,
        confidence: 0.5 + (slow - fast) / atr / 10,
        referencePrice: close,
        stopLoss: close + this.stopAtr * atr,
        takeProfit: close - this.targetAtr * atr,
        reason: `downtrend (EMA ${fmt(fast)} < ${fmt(slow)}), ADX ${adx.toFixed(1)} >= ${this.adxMin}, close back below the fast EMA`,
      });
    }
    return undefined;
  }
}
