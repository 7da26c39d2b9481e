import { Money, MemoryDecisionSink } from '@trading/domain';
import { DEFAULT_RISK_LIMITS, RiskEnginePolicy } from '@trading/risk-engine';
import { intradayStrategy, resolveParameters, scalpingStrategy, type StrategyDefinition } from '@trading/strategies';
import { sharedBars } from '@trading/strategies/testing';
import { runBacktest } from './backtest.engine';
import { FX_2025_PAIRS, fx2025Bars } from './testing/fx-2025-bars.fixture';

const run = (definition: StrategyDefinition) => ({ definition, parameters: resolveParameters(definition.name, definition.parameters, {}) });

function underRisk(feeds: Parameters<typeof runBacktest>[0]['feeds'], strategies: StrategyDefinition[]) {
  const sink = new MemoryDecisionSink();
  const result = runBacktest({
    feeds,
    strategies: strategies.map(run),
    sizing: new RiskEnginePolicy({ limits: DEFAULT_RISK_LIMITS, decisions: sink }),
    initialCash: Money.of(10_000, 'USD'),
    decisions: sink,
  });
  return { result, lines: sink.lines };
}

// The vendored data do not overlap in time: EURUSD M5 runs 2021-06..2022-02, the six H1 pairs (EURUSD among them)
// 2025-06..2026-01. Under the risk engine the pairs that have not started must not hold back the return history
// scalping's VaR is measured on.
describe('strategies on feeds that do not overlap in time, under the risk engine', () => {
  const m5 = sharedBars('eurusdM5');
  const alone = underRisk([m5], [scalpingStrategy]);
  const mixed = underRisk([m5, ...FX_2025_PAIRS.map((symbol) => fx2025Bars(symbol))], [scalpingStrategy, intradayStrategy]);

  it('lets scalping trade in 2021-22 exactly as it does alone: the pairs with no price yet add nothing', () => {
    expect(alone.result.strategies['scalping'].trades).toBe(41);
    const own = mixed.result.trades.filter((trade) => trade.strategy === 'scalping');
    expect(own.map((t) => [t.side, t.entryTime, t.exitTime, t.netPnl.toString()])).toEqual(alone.result.trades.map((t) => [t.side, t.entryTime, t.exitTime, t.netPnl.toString()]));
    // Every line the desk wrote before 2025, decisions with their VaR and correlation measures included, is the same.
    const before2025 = (lines: readonly string[]) => lines.filter((line) => (JSON.parse(line) as { time: number }).time < Date.UTC(2025, 0, 1)).slice(1);
    expect(before2025(mixed.lines)).toEqual(before2025(alone.lines));
  });

  it('measures the 2025 pairs once they start: intraday trades on them', () => {
    expect(mixed.result.strategies['intraday'].trades).toBe(83);
  });
});
