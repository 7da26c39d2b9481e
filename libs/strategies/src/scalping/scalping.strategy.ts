// Scalping (M1/M5): mean reversion at the Bollinger bands. A long needs a bar
// that reaches the lower band with RSI oversold and the MACD histogram turning
// up (momentum already fading); a short is the mirror image. Stop and target
// are ATR multiples from the close; a spread filter skips bars whose spread
// would eat the edge. Enters only when flat; exits through its stop/target.
import { Atr, BollingerBands, Macd, Rsi } from '@trading/indicators';
import { type BarColumns, pointSize } from '@trading/domain';
import { type ParameterSpec, type ParameterValues, numberParameter } from '../core/parameter-space';
import { compareLevels } from '../core/price-levels';
import { buildSignal, fmt } from '../core/signal.builder';
import type { Strategy, StrategyContext, StrategyDefinition, StrategySignal } from '../core/strategy';

export const SCALPING_PARAMETERS: readonly ParameterSpec[] = [
  { name: 'bbPeriod', type: 'int', min: 5, max: 100, step: 1, default: 20, description: 'Bollinger period' },
  { name: 'bbDeviations', type: 'float', min: 1, max: 4, step: 0.1, default: 2, description: 'Bollinger band width in standard deviations' },
  { name: 'rsiPeriod', type: 'int', min: 2, max: 50, step: 1, default: 7, description: 'RSI period' },
  { name: 'rsiOversold', type: 'float', min: 5, max: 50, step: 1, default: 35, description: 'RSI at or below which a long may open' },
  { name: 'rsiOverbought', type: 'float', min: 50, max: 95, step: 1, default: 65, description: 'RSI at or above which a short may open' },
  { name: 'macdFast', type: 'int', min: 2, max: 50, step: 1, default: 12, description: 'MACD fast EMA period' },
  { name: 'macdSlow', type: 'int', min: 3, max: 100, step: 1, default: 26, description: 'MACD slow EMA period' },
  { name: 'macdSignal', type: 'int', min: 2, max: 50, step: 1, default: 9, description: 'MACD signal EMA period' },
  { name: 'atrPeriod', type: 'int', min: 2, max: 100, step: 1, default: 14, description: 'ATR period for stops and targets' },
  { name: 'stopAtr', type: 'float', min: 0.2, max: 10, step: 0.1, default: 2, description: 'stop distance in ATRs' },
  { name: 'targetAtr', type: 'float', min: 0.2, max: 10, step: 0.1, default: 2, description: 'target distance in ATRs' },
  { name: 'maxSpreadPips', type: 'float', min: 0, max: 20, step: 0.1, default: 2, description: 'skip bars whose spread exceeds this many pips' },
];

export const scalpingStrategy: StrategyDefinition = {
  name: 'scalping',
  description: 'Bollinger mean reversion confirmed by RSI and a MACD histogram turn, ATR stop and target, spread filter',
  timeframes: ['M1', 'M5'],
  parameters: SCALPING_PARAMETERS,
  // The pair and timeframe shipped minute data covers (data/EURUSD_M5_*).
  serviceDefaults: { symbols: ['EURUSD'], timeframe: 'M5' },
  create: (parameters, context) => new ScalpingStrategy(parameters, context),
};

export class ScalpingStrategy implements Strategy {
  readonly name = 'scalping';
  readonly warmupBars: number;
  /** The instrument's point: levels closer than a millionth of it are equal (see compareLevels). */
  private readonly point: number;
  private readonly bands: BollingerBands;
  private readonly rsi: Rsi;
  private readonly macd: Macd;
  private readonly atr: Atr;
  private readonly oversold: number;
  private readonly overbought: number;
  private readonly stopAtr: number;
  private readonly targetAtr: number;
  /** Largest spread allowed, in the bar's spread unit (points). */
  private readonly maxSpreadPoints: number;
  private previousHistogram = Number.NaN;

  constructor(
    parameters: ParameterValues,
    private readonly context: StrategyContext,
  ) {
    const p = (name: string): number => numberParameter(parameters, name);
    this.bands = new BollingerBands(p('bbPeriod'), p('bbDeviations'));
    this.rsi = new Rsi(p('rsiPeriod'));
    this.macd = new Macd(p('macdFast'), p('macdSlow'), p('macdSignal'));
    this.atr = new Atr(p('atrPeriod'));
    this.oversold = p('rsiOversold');
    this.overbought = p('rsiOverbought');
    this.stopAtr = p('stopAtr');
    this.targetAtr = p('targetAtr');
    const { pipSize, precision } = context.instrument;
    this.maxSpreadPoints = (p('maxSpreadPips') * pipSize) / 10 ** -precision + 1e-9;
    this.warmupBars = Math.max(this.bands.lookback, this.rsi.lookback, this.macd.lookback + 1, this.atr.lookback) + 1;
    this.point = pointSize(context.instrument);
  }

  onBar(bars: BarColumns, index: number): StrategySignal | undefined {
    const close = bars.close[index];
    const high = bars.high[index];
    const low = bars.low[index];
    const bands = this.bands;
    bands.update(close);
    const rsi = this.rsi.update(close);
    this.macd.update(close);
    const atr = this.atr.update(high, low, close);
    const histogram = this.macd.histogram;
    const previous = this.previousHistogram;
    this.previousHistogram = histogram;
    // NaN anywhere (warm-up) makes every comparison below false.
    if (!(atr > 0) || previous !== previous || bars.spread[index] > this.maxSpreadPoints) return undefined;
    if (this.context.positionSide() !== 0) return undefined;
    const lower = bands.lower;
    const upper = bands.upper;
    const p = this.point;
    const turn = compareLevels(histogram, previous, p);
    if (compareLevels(low, lower, p) <= 0 && rsi <= this.oversold && turn > 0) {
      const depth = (lower - low) / (upper - lower);
      return buildSignal(this.name, this.context, bars.time[index], {
        side: 'buy',
        strength: 0.5 + depth * 2,
        confidence: 0.5 + (this.oversold - rsi) / 50,
        referencePrice: close,
        stopLoss: close - this.stopAtr * atr,
        takeProfit: close + this.targetAtr * atr,
        reason: `low ${fmt(low)} at or below the lower band ${fmt(lower)}, RSI ${rsi.toFixed(1)} <= ${this.oversold}, MACD histogram turning up`,
      });
    }
    if (compareLevels(high, upper, p) >= 0 && rsi >= this.overbought && turn < 0) {
      const depth = (high - upper) / (upper - lower);
      return buildSignal(this.name, this.context, bars.time[index], {
        side: 'sell',
        strength: 0.5 + depth * 2,
        confidence: 0.5 + (rsi - this.overbought) / 50,
        referencePrice: close,
        stopLoss: close + this.stopAtr * atr,
        takeProfit: close - this.targetAtr * atr,
        reason: `high ${fmt(high)} at or above the upper band ${fmt(upper)}, RSI ${rsi.toFixed(1)} >= ${this.overbought}, MACD histogram turning down`,
      });
    }
    return undefined;
  }
}
