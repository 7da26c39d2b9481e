// Swing (H4/D1): Donchian breakout in the direction of the EMA trend, or a
// pullback to the trend confirmed by RSI turning back out of its extreme.
// Works on bars of its own timeframe, built from finer data as they complete
// (H4 from H1), so it trades a few times a month. Initial ATR stop in the
// signal; an ATR trailing stop, ratcheted on each completed bar, exits with a
// flat signal when a close crosses it.
import { Atr, DonchianChannel, Ema, Rsi } from '@trading/indicators';
import { type BarColumns, type Timeframe, pointSize, timeframeMs } from '@trading/domain';
import { type ParameterSpec, type ParameterValues, choiceParameter, numberParameter } from '../core/parameter-space';
import { compareLevels } from '../core/price-levels';
import { buildSignal, fmt } from '../core/signal.builder';
import type { SignalFields } from '../core/signal.builder';
import type { Strategy, StrategyContext, StrategyDefinition, StrategySignal } from '../core/strategy';
import { BucketAggregator } from './bucket.aggregator';

export const SWING_PARAMETERS: readonly ParameterSpec[] = [
  { name: 'timeframe', type: 'choice', choices: ['H4', 'D1'], default: 'H4', description: 'timeframe traded (built from finer data)' },
  { name: 'mode', type: 'choice', choices: ['breakout', 'pullback'], default: 'breakout', description: 'Donchian breakout or pullback to the trend with RSI' },
  { name: 'donchianPeriod', type: 'int', min: 5, max: 100, step: 1, default: 20, description: 'Donchian channel period (breakout)' },
  { name: 'trendPeriod', type: 'int', min: 10, max: 300, step: 1, default: 50, description: 'EMA period of the trend filter' },
  { name: 'rsiPeriod', type: 'int', min: 2, max: 50, step: 1, default: 14, description: 'RSI period (pullback)' },
  { name: 'rsiPullback', type: 'float', min: 10, max: 50, step: 1, default: 40, description: 'RSI below which a long pullback arms (mirrored for shorts)' },
  { name: 'atrPeriod', type: 'int', min: 2, max: 100, step: 1, default: 14, description: 'ATR period' },
  { name: 'stopAtr', type: 'float', min: 0.5, max: 10, step: 0.1, default: 2, description: 'initial stop distance in ATRs' },
  { name: 'trailAtr', type: 'float', min: 0.5, max: 10, step: 0.1, default: 3, description: 'trailing stop distance in ATRs' },
];

export const swingStrategy: StrategyDefinition = {
  name: 'swing',
  description: 'Donchian breakout or pullback-to-trend with RSI on H4/D1 (built from finer data), ATR trailing stop',
  timeframes: ['H1', 'H4', 'D1'],
  parameters: SWING_PARAMETERS,
  // The six pairs of the shipped hourly data, from which it builds its H4 or D1 bars.
  serviceDefaults: { symbols: ['AUDUSD', 'EURGBP', 'EURUSD', 'GBPUSD', 'USDCAD', 'USDCHF'], timeframe: 'H1' },
  create: (parameters, context) => new SwingStrategy(parameters, context),
};

export class SwingStrategy implements Strategy {
  readonly name = 'swing';
  readonly warmupBars: number;
  /** The instrument's point: levels closer than a millionth of it are equal (see compareLevels). */
  private readonly point: number;
  private readonly aggregator: BucketAggregator;
  private readonly channel: DonchianChannel;
  private readonly trend: Ema;
  private readonly rsi: Rsi;
  private readonly atr: Atr;
  private readonly breakout: boolean;
  private readonly rsiPullback: number;
  private readonly stopAtr: number;
  private readonly trailAtr: number;
  private readonly signalContext: StrategyContext;
  private previousUpper = Number.NaN;
  private previousLower = Number.NaN;
  private previousRsi = Number.NaN;
  private trail = Number.NaN;
  private pending: StrategySignal | undefined;

  constructor(
    parameters: ParameterValues,
    private readonly context: StrategyContext,
  ) {
    const p = (name: string): number => numberParameter(parameters, name);
    const target = choiceParameter(parameters, 'timeframe') as Timeframe;
    if (timeframeMs(context.timeframe) > timeframeMs(target)) throw new RangeError(`swing: cannot build ${target} bars from ${context.timeframe} data`);
    this.aggregator = new BucketAggregator(context.timeframe, target, () => this.onCompletedBar());
    this.channel = new DonchianChannel(p('donchianPeriod'));
    this.trend = new Ema(p('trendPeriod'));
    this.rsi = new Rsi(p('rsiPeriod'));
    this.atr = new Atr(p('atrPeriod'));
    this.breakout = choiceParameter(parameters, 'mode') === 'breakout';
    this.rsiPullback = p('rsiPullback');
    this.stopAtr = p('stopAtr');
    this.trailAtr = p('trailAtr');
    // Signals speak of the completed coarse bar, so they carry its timeframe.
    this.signalContext = { ...context, timeframe: target, positionSide: () => context.positionSide() };
    const ratio = timeframeMs(target) / timeframeMs(context.timeframe);
    this.warmupBars = (Math.max(this.channel.lookback + 1, this.trend.lookback, this.atr.lookback) + 1) * ratio;
    this.point = pointSize(context.instrument);
  }

  onBar(bars: BarColumns, index: number): StrategySignal | undefined {
    this.pending = undefined;
    this.aggregator.push(bars, index);
    return this.pending;
  }

  private onCompletedBar(): void {
    const bar = this.aggregator;
    const close = bar.close;
    const trend = this.trend.update(close);
    const atr = this.atr.update(bar.high, bar.low, close);
    const rsi = this.rsi.update(close);
    const upper = this.previousUpper;
    const lower = this.previousLower;
    const previousRsi = this.previousRsi;
    this.channel.update(bar.high, bar.low);
    this.previousUpper = this.channel.upper;
    this.previousLower = this.channel.lower;
    this.previousRsi = rsi;
    if (!(atr > 0) || trend !== trend) return;
    const position = this.context.positionSide();
    if (position === 0) this.trail = Number.NaN;
    else {
      // Ratchet the trailing stop with this bar, then exit if the close is through it.
      const level = position > 0 ? close - this.trailAtr * atr : close + this.trailAtr * atr;
      const crossed = this.trail === this.trail && (position > 0 ? close < this.trail : close > this.trail);
      if (crossed) {
        this.emit({ side: 'flat', strength: 1, confidence: 1, referencePrice: close, reason: `close ${fmt(close)} crossed the ATR trailing stop ${fmt(this.trail)}` });
        this.trail = Number.NaN;
        return;
      }
      if (this.trail !== this.trail || (position > 0 ? level > this.trail : level < this.trail)) this.trail = level;
      return;
    }
    let side = 0;
    let why = '';
    if (this.breakout) {
      if (compareLevels(close, upper, this.point) > 0 && compareLevels(close, trend, this.point) > 0) [side, why] = [1, `close ${fmt(close)} broke the ${this.channel.period}-bar high ${fmt(upper)} above the EMA trend ${fmt(trend)}`];
      else if (compareLevels(close, lower, this.point) < 0 && compareLevels(close, trend, this.point) < 0) [side, why] = [-1, `close ${fmt(close)} broke the ${this.channel.period}-bar low ${fmt(lower)} below the EMA trend ${fmt(trend)}`];
    } else if (compareLevels(close, trend, this.point) > 0 && previousRsi < this.rsiPullback && rsi >= this.rsiPullback) {
      [side, why] = [1, `pullback in an uptrend: RSI back above ${this.rsiPullback} (${rsi.toFixed(1)}), close above the EMA ${fmt(trend)}`];
    } else if (compareLevels(close, trend, this.point) < 0 && previousRsi > 100 - this.rsiPullback && rsi <= 100 - this.rsiPullback) {
      [side, why] = [-1, `pullback in a downtrend: RSI back below ${100 - this.rsiPullback} (${rsi.toFixed(1)}), close below the EMA ${fmt(trend)}`];
    }
    if (side === 0) return;
    this.trail = close - side * this.trailAtr * atr;
    this.emit({
      side: side > 0 ? 'buy' : 'sell',
      strength: 0.5 + Math.abs(close - trend) / atr / 10,
      confidence: 0.5,
      referencePrice: close,
      stopLoss: close - side * this.stopAtr * atr,
      reason: why,
    });
  }

  private emit(fields: SignalFields): void {
    this.pending = buildSignal(this.name, this.signalContext, this.aggregator.time, fields);
  }
}
