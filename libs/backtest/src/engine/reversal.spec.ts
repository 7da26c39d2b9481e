import { Money, MemoryDecisionSink } from '@trading/domain';
import { DEFAULT_RISK_LIMITS, RiskEnginePolicy } from '@trading/risk-engine';
import { resolveParameters, smaCrossoverStrategy } from '@trading/strategies';
import { sharedBars } from '@trading/strategies/testing';
import { runBacktest } from './backtest.engine';

interface Line {
  event: string;
  time: number;
  signalId?: string;
  decision?: string;
  reason?: string | null;
  order?: { clientOrderId: string; reduceOnly: boolean; side: string; size: string } | null;
  orderId?: string;
}

describe('a reversal under the risk engine (sma-crossover on the real EURUSD H1 file, default limits)', () => {
  const sink = new MemoryDecisionSink();
  const result = runBacktest({
    feeds: [sharedBars('eurusdH1')],
    strategy: smaCrossoverStrategy,
    parameters: resolveParameters('sma-crossover', smaCrossoverStrategy.parameters, {}),
    sizing: new RiskEnginePolicy({ limits: DEFAULT_RISK_LIMITS, decisions: sink }),
    initialCash: Money.of(10_000, 'USD'),
    decisions: sink,
  });
  const lines = sink.lines.map((line) => JSON.parse(line) as Line);
  const decisions = lines.filter((l) => l.event === 'risk-decision');

  it('decides the close and the new entry as two orders, the close first, each with its own id', () => {
    const bySignal = new Map<string, Line[]>();
    for (const d of decisions) bySignal.set(d.signalId as string, [...(bySignal.get(d.signalId as string) ?? []), d]);
    const reversals = [...bySignal.values()].filter((legs) => legs.length === 2);
    // Every one of the 1,009 signals is decided; those that found a position to reverse twice.
    expect(bySignal.size).toBe(1009);
    expect(reversals).toHaveLength(73);
    expect(result.risk?.decisions).toBe(1009 + reversals.length);
    for (const [close, entry] of reversals) {
      expect(close.decision).toBe('approved');
      expect(close.order?.reduceOnly).toBe(true);
      expect(entry.order?.clientOrderId ?? '').not.toBe(close.order?.clientOrderId);
    }
  });

  it('closes even when the entry is refused: a halted desk still flattens', () => {
    const bySignal = new Map<string, Line[]>();
    for (const d of decisions) bySignal.set(d.signalId as string, [...(bySignal.get(d.signalId as string) ?? []), d]);
    const refusedEntries = [...bySignal.values()].filter((legs) => legs.length === 2 && legs[1].decision === 'rejected');
    expect(refusedEntries).toHaveLength(2);
    const filled = new Set(lines.filter((l) => l.event === 'fill').map((l) => l.orderId));
    for (const [close, entry] of refusedEntries) {
      expect(filled.has(close.order?.clientOrderId)).toBe(true);
      expect(entry.reason).toEqual(expect.any(String));
    }
  });
});
