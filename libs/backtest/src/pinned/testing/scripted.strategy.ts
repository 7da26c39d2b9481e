// A strategy that says what it is told at the bars it is told: the pinned
// cost and fill scenarios need trades at chosen bars of real data, so that
// every price, night and fee of them can be worked out by hand from the file.
import { TIMEFRAMES, type BarColumns } from '@trading/domain';
import type { Strategy, StrategyContext, StrategyDefinition, StrategySignal } from '@trading/strategies';

export interface ScriptedSignal {
  /** Start of the bar (UTC, ISO 8601) at whose close the signal is given. */
  readonly at: string;
  readonly side: 'buy' | 'sell' | 'flat';
  readonly stopLoss?: number;
  readonly takeProfit?: number;
}

/** A strategy definition named `scripted` giving `script`'s signals on every feed of `symbol`. */
export function scriptedStrategy(symbol: string, script: readonly ScriptedSignal[]): StrategyDefinition {
  const byTime = new Map(script.map((signal) => [Date.parse(signal.at), signal]));
  if (byTime.size !== script.length) throw new RangeError('scripted strategy: two signals at one bar');
  return {
    name: 'scripted',
    description: 'test fixture: signals at set bars',
    timeframes: TIMEFRAMES,
    parameters: [],
    create: (_parameters, context) => new ScriptedStrategy(symbol, byTime, context),
  };
}

class ScriptedStrategy implements Strategy {
  readonly name = 'scripted';
  readonly warmupBars = 0;

  constructor(
    private readonly symbol: string,
    private readonly script: ReadonlyMap<number, ScriptedSignal>,
    private readonly context: StrategyContext,
  ) {}

  onBar(bars: BarColumns, index: number): StrategySignal | undefined {
    if (bars.symbol !== this.symbol) return undefined;
    const signal = this.script.get(bars.time[index]);
    if (signal === undefined) return undefined;
    return {
      strategy: this.name,
      symbol: this.context.symbol,
      timeframe: this.context.timeframe,
      barTime: bars.time[index],
      side: signal.side,
      strength: 1,
      confidence: 1,
      referencePrice: bars.close[index],
      ...(signal.stopLoss === undefined ? {} : { stopLoss: signal.stopLoss }),
      ...(signal.takeProfit === undefined ? {} : { takeProfit: signal.takeProfit }),
      reason: `scripted ${signal.side} at ${signal.at}`,
    };
  }
}
