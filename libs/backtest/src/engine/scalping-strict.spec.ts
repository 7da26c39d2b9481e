import { readFileSync } from 'node:fs';
import { Money, MemoryDecisionSink } from '@trading/domain';
import { resolveParameters, scalpingStrategy } from '@trading/strategies';
import { sharedBars } from '@trading/strategies/testing';
import { RiskEnginePolicy, parseRiskLimits } from '@trading/risk-engine';
import { runBacktest } from './backtest.engine';
import { exampleLimitsPath } from './testing/fx-2025-bars.fixture';

const strict = parseRiskLimits(JSON.parse(readFileSync(exampleLimitsPath('strict.json'), 'utf8')));
const m5 = sharedBars('eurusdM5');

function strictRun() {
  const sink = new MemoryDecisionSink();
  const policy = new RiskEnginePolicy({ limits: strict, decisions: sink });
  const result = runBacktest({
    feeds: [m5],
    strategy: scalpingStrategy,
    parameters: resolveParameters('scalping', scalpingStrategy.parameters, {}),
    sizing: policy,
    initialCash: Money.of(10_000, 'USD'),
    decisions: sink,
  });
  return { sink, result };
}

interface DecisionLine {
  time: number;
  symbol: string;
  signalId: string;
  state: string;
  decision: 'approved' | 'rejected';
  reason: string | null;
  size: string;
  equity: string;
  checks: { code: string; pass: boolean }[];
  order: { side: 'BUY' | 'SELL'; entryPrice: number; stopPrice: number | null; reduceOnly: boolean } | null;
}

describe('scalping on the real EURUSD M5 file under the strict limits', () => {
  const first = strictRun();
  const lines = first.sink.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const decisions = lines.filter((line) => 'decision' in line) as unknown as DecisionLine[];

  it('rejects signals with the reason codes of the rules they break', () => {
    const risk = first.result.risk;
    expect(risk?.decisions).toBe(decisions.length);
    expect(risk?.rejectionsByReason).toEqual({ INSUFFICIENT_HISTORY: 1, MAX_GROSS_EXPOSURE: 87, MAX_NET_EXPOSURE: 164, MIN_STOP_DISTANCE: 426, TRADING_REDUCING: 82 });
    expect(risk?.approved).toBe(101);
    // 426 + 164 + 87 + 82 + 1 rejected and 101 approved: the 861 decisions.
    expect(decisions).toHaveLength(861);
    // A rejection leaves no order; every approval becomes an order in the log.
    expect(decisions.filter((d) => d.decision === 'rejected' && d.order !== null)).toEqual([]);
    expect(first.result.trades.length).toBe(risk?.approved);
  });

  it('never approves an order that breaches a limit', () => {
    const approved = decisions.filter((d) => d.decision === 'approved' && d.order !== null && !d.order.reduceOnly);
    // Every approval is an entry here: scalping's exits are its brackets, not signals.
    expect(approved).toHaveLength(101);
    for (const d of approved) {
      const order = d.order as NonNullable<DecisionLine['order']>;
      const lots = Number(d.size);
      const equity = Number(d.equity);
      const stopPips = Math.abs(order.entryPrice - (order.stopPrice as number)) / 0.0001;
      expect(d.state).toBe('ACTIVE');
      expect(d.checks.every((check) => check.pass)).toBe(true);
      expect(lots).toBeLessThanOrEqual(strict.maxPositionLots);
      expect(stopPips).toBeGreaterThanOrEqual(strict.minStopPips - 1e-9);
      // EURUSD in a USD account: one lot moves 100,000 USD per unit of price.
      expect(lots * 100_000 * Math.abs(order.entryPrice - (order.stopPrice as number))).toBeLessThanOrEqual(equity * strict.maxRiskPerTrade + 0.01);
      expect((lots * 100_000 * order.entryPrice) / equity).toBeLessThanOrEqual(strict.maxNetLeverage);
    }
  });

  it('writes decision lines with the required keys and other lines with an event', () => {
    expect(decisions).toHaveLength(861);
    for (const d of decisions) {
      for (const key of ['time', 'symbol', 'signalId', 'state', 'decision', 'reason', 'size', 'equity', 'checks']) expect(d).toHaveProperty(key);
      expect(d.checks).toHaveLength(16);
      if (d.decision === 'rejected') expect(d.reason).toMatch(/^[A-Z_]+$/);
    }
    const others = lines.filter((line) => !('decision' in line));
    expect(others.every((line) => typeof line['event'] === 'string')).toBe(true);
    expect(others.some((line) => line['event'] === 'state-change')).toBe(true);
  });

  it('writes the same bytes on a second run', () => {
    const second = strictRun();
    expect(second.sink.text()).toBe(first.sink.text());
    expect(second.result.risk).toEqual(first.result.risk);
  });
});
