import { Money, MemoryDecisionSink } from '@trading/domain';
import { FixedSizePolicy } from '@trading/risk-engine';
import { resolveParameters, smaCrossoverStrategy } from '@trading/strategies';
import { sharedBars } from '@trading/strategies/testing';
import { runBacktest } from './backtest.engine';

const h1 = sharedBars('eurusdH1');
const parameters = resolveParameters('sma-crossover', smaCrossoverStrategy.parameters, {});

function smaRun(lots: string, sink?: MemoryDecisionSink) {
  return runBacktest({ feeds: [h1], strategy: smaCrossoverStrategy, parameters, sizing: new FixedSizePolicy(lots), initialCash: Money.of(10_000, 'USD'), decisions: sink });
}

describe('margin on the real EURUSD H1 file, 10,000 USD', () => {
  it('caps 1,000,000 lots at the largest deal, then refuses what the free margin cannot carry, and says so', () => {
    const sink = new MemoryDecisionSink();
    const result = smaRun('1000000', sink);
    // Before the ledger knew margin this ended at -424,300 USD with 100-lot orders.
    expect(result.finalEquity.toString()).toBe('10000');
    expect(result.trades).toHaveLength(0);
    expect(result.strategies['sma-crossover']).toMatchObject({ signals: 1009, approved: 0, capped: 1009, rejected: { INSUFFICIENT_MARGIN: 1009 } });
    const first = sink.lines.map((line) => JSON.parse(line) as { event: string; reason: string }).find((r) => r.event === 'refuse');
    // 100 lots x 100,000 x 1.06256 / 30 = 354,186.67 USD of margin.
    expect(first?.reason).toBe('100 lots need 354186.67 USD of margin; the free margin is 10000.00 USD');
  });

  it('lets 2.5 lots in while the margin allows, reports the margin calls, and never books a negative balance', () => {
    const result = smaRun('2.5');
    // The first long loses 3,867.50; no later 2.5-lot entry fits in 6,132.50 of free margin.
    expect(result.trades.map((t) => t.netPnl.toString())).toEqual(['-3867.5']);
    // While it was open its margin level fell under 100 % three times (each fall is one call).
    expect(result.portfolio).toEqual({ finalEquity: 6132.5, marginCalls: 3, stopOuts: 0 });
    expect(result.strategies['sma-crossover'].rejected).toEqual({ INSUFFICIENT_MARGIN: 1008 });
  });
});
