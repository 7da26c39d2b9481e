// The classic two-moving-average crossover, always in the market: long when
// the fast SMA closes above the slow one, short when below. No stop or target,
// no filter: the reference used to cross-check this engine against others.
import { Sma } from '@trading/indicators';
import { TIMEFRAMES, type BarColumns, pointSize } from '@trading/domain';
import { type ParameterSpec, type ParameterValues, numberParameter } from '../core/parameter-space';
import { compareLevels } from '../core/price-levels';
import { buildSignal, fmt } from '../core/signal.builder';
import type { Strategy, StrategyContext, StrategyDefinition, StrategySignal } from '../core/strategy';

export const SMA_CROSSOVER_PARAMETERS: readonly ParameterSpec[] = [
  { name: 'fastPeriod', type: 'int', min: 2, max: 200, step: 1, log: true, default: 20, description: 'fast SMA period' },
  { name: 'slowPeriod', type: 'int', min: 3, max: 500, step: 1, log: true, default: 50, description: 'slow SMA period' },
];

export const smaCrossoverStrategy: StrategyDefinition = {
  name: 'sma-crossover',
  description: 'fast/slow SMA crossover, always in the market (reference strategy)',
  timeframes: TIMEFRAMES,
  parameters: SMA_CROSSOVER_PARAMETERS,
  create: (parameters, context) => new SmaCrossoverStrategy(parameters, context),
};

export class SmaCrossoverStrategy implements Strategy {
  readonly name = 'sma-crossover';
  readonly warmupBars: number;
  private readonly fast: Sma;
  private readonly slow: Sma;
  /** Sign of fast - slow after the previous bar; 0 before both exist. */
  private previousRelation = 0;
  private readonly point: number;

  constructor(
    parameters: ParameterValues,
    private readonly context: StrategyContext,
  ) {
    const fastPeriod = numberParameter(parameters, 'fastPeriod');
    const slowPeriod = numberParameter(parameters, 'slowPeriod');
    if (fastPeriod >= slowPeriod) throw new RangeError(`sma-crossover: parameter "fastPeriod" (${fastPeriod}) must be below "slowPeriod" (${slowPeriod})`);
    this.fast = new Sma(fastPeriod);
    this.slow = new Sma(slowPeriod);
    this.warmupBars = slowPeriod + 1;
    this.point = pointSize(context.instrument);
  }

  onBar(bars: BarColumns, index: number): StrategySignal | undefined {
    const close = bars.close[index];
    const fast = this.fast.update(close);
    const slow = this.slow.update(close);
    if (slow !== slow) return undefined;
    const relation = compareLevels(fast, slow, this.point);
    const previous = this.previousRelation;
    if (relation !== 0) this.previousRelation = relation;
    // Cross = the relation flipped; a fresh start only trades on an actual cross.
    if (relation === 0 || previous === 0 || relation === previous) return undefined;
    const side = relation > 0 ? 'buy' : 'sell';
    if (this.context.positionSide() === relation) return undefined;
    const gap = Math.abs(fast - slow) / slow;
    return buildSignal(this.name, this.context, bars.time[index], {
      side,
      strength: 0.5 + gap * 1000,
      confidence: 0.5,
      referencePrice: close,
      reason: `SMA ${this.fast.period} (${fmt(fast)}) crossed ${side === 'buy' ? 'above' : 'below'} SMA ${this.slow.period} (${fmt(slow)})`,
    });
  }
}
