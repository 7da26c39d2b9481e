// A deliberately broken strategy for the look-ahead check's tests: it buys
// when the NEXT bar closes higher and sells when it closes lower, reading one
// bar past the one it is given. On whole files it looks brilliant; the check
// must catch it.
import type { BarColumns } from '@trading/domain';
import { buildSignal } from '../core/signal.builder';
import type { Strategy, StrategyContext, StrategyDefinition, StrategySignal } from '../core/strategy';

export const peekingStrategy: StrategyDefinition = {
  name: 'peeking',
  description: 'test fixture: trades on the next bar close (look-ahead bias)',
  timeframes: ['M1', 'M5', 'M15', 'M30', 'H1', 'H4', 'D1'],
  parameters: [],
  create: (_parameters, context) => new PeekingStrategy(context),
};

class PeekingStrategy implements Strategy {
  readonly name = 'peeking';
  readonly warmupBars = 1;

  constructor(private readonly context: StrategyContext) {}

  onBar(bars: BarColumns, index: number): StrategySignal | undefined {
    if (index + 1 >= bars.length) return undefined;
    const move = bars.close[index + 1] - bars.close[index];
    const side = move > 0 ? 1 : move < 0 ? -1 : 0;
    if (side === 0 || side === this.context.positionSide()) return undefined;
    return buildSignal(this.name, this.context, bars.time[index], {
      side: side > 0 ? 'buy' : 'sell',
      strength: 1,
      confidence: 1,
      referencePrice: bars.close[index],
      reason: 'the next bar closes ' + (side > 0 ? 'higher' : 'lower'),
    });
  }
}
