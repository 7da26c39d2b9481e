import { type ScheduledCommand, runBacktest } from '@trading/backtest';
import { type BarColumns, MemoryDecisionSink, Money } from '@trading/domain';
import { DEFAULT_RISK_LIMITS, RiskEnginePolicy } from '@trading/risk-engine';
import { DEFAULT_FILL_MODEL, type FillModel } from '@trading/simulated-venue';
import { type StrategyDefinition, intradayStrategy, resolveParameters, smaCrossoverStrategy, swingStrategy } from '@trading/strategies';
import { sharedBars } from '@trading/strategies/testing';
import { runLockstepKernel, runMessageKernel } from './testing';
import { readSharedBars, sharedData } from '@trading/test-support';

const cash = Money.of(10_000, 'USD');
const run = (definition: StrategyDefinition) => ({ definition, parameters: resolveParameters(definition.name, definition.parameters, {}) });

/** The same strategies, bars, limits, cash and seed through the backtest and message by message. */
function both(feeds: readonly BarColumns[], definitions: readonly StrategyDefinition[], fill: FillModel = DEFAULT_FILL_MODEL, events: readonly ScheduledCommand[] = []) {
  const strategies = definitions.map(run);
  const direct = new MemoryDecisionSink();
  const backtest = runBacktest({ feeds, strategies, sizing: new RiskEnginePolicy({ limits: DEFAULT_RISK_LIMITS, decisions: direct }), initialCash: cash, fill, events, decisions: direct });
  const messages = new MemoryDecisionSink();
  const kernel = runMessageKernel({ feeds, strategies, policy: new RiskEnginePolicy({ limits: DEFAULT_RISK_LIMITS, decisions: messages }), initialCash: cash, fill, events, decisions: messages });
  return { backtest, direct, kernel, messages };
}

describe('one kernel: the backtest and the message-driven kernel give the same decisions', () => {
  it('intraday and sma-crossover on the real EURUSD H1 file, one account, the default limits: byte-identical decision logs', () => {
    const { backtest, direct, kernel, messages } = both([sharedBars('eurusdH1')], [smaCrossoverStrategy, intradayStrategy]);
    expect(direct.lines).toHaveLength(7183);
    expect(messages.text()).toBe(direct.text());
    expect(kernel.risk.desk.book.cash.toString()).toBe(backtest.finalEquity.toString());
    expect(kernel.venue.venue.ledger.cash.toString()).toBe(backtest.finalEquity.toString());
    // Every order, fill and cancel went through the wire as a message.
    expect(kernel.delivered['order.submit']).toBe(direct.lines.filter((l) => l.includes('"event":"order"') && !l.includes('"reason":"stop-loss') && !l.includes('"reason":"take-profit') && !l.includes('"reason":"end of data')).length);
    const count = (event: string) => direct.lines.filter((l) => l.startsWith(`{"event":"${event}"`)).length;
    // Every order the venue took was reported accepted before it filled or was cancelled.
    expect(kernel.delivered['execution.report']).toBe(kernel.delivered['order.submit'] + count('fill') + count('cancel'));
  });

  it('intraday and swing on the six 2025 pairs with commission, slippage and swap, and a kill switch and a resume', () => {
    const fill: FillModel = { ...DEFAULT_FILL_MODEL, slippage: { kind: 'atr-fraction', fraction: 0.05, period: 14 }, commission: { kind: 'per-lot', amount: 7 }, swap: { longPerLot: -6.5, shortPerLot: 1.2 } };
    const events: ScheduledCommand[] = [
      { time: Date.UTC(2025, 8, 3, 12), kind: 'kill-switch', reason: 'drill' },
      { time: Date.UTC(2025, 8, 8, 8), kind: 'resume', by: 'desk head' },
    ];
    const feeds = ['AUDUSD', 'EURGBP', 'EURUSD', 'GBPUSD', 'USDCAD', 'USDCHF'].map((symbol) => readSharedBars(sharedData.fxH1_2025(symbol), symbol, 'H1'));
    const { backtest, direct, kernel, messages } = both(feeds, [intradayStrategy, swingStrategy], fill, events);
    expect(messages.text()).toBe(direct.text());
    expect(kernel.risk.desk.book.cash.toString()).toBe(backtest.finalEquity.toString());
    expect(kernel.delivered['account.financing']).toBe(223);
    // Each charge is a line of both logs: the backtest's venue wrote it, risk wrote it from the message.
    expect(direct.lines.filter((l) => l.startsWith('{"event":"swap"'))).toHaveLength(223);
    expect(kernel.delivered['risk.command']).toBe(2);
    // The venue keeps no log in the message kernel: its lines — brackets it fired itself included — came to risk in reports.
    expect(direct.lines.filter((l) => l.startsWith('{"event":"order"') && l.includes('"reason":"stop-loss'))).toHaveLength(65);
    expect(direct.lines.filter((l) => l.includes('"event":"command"'))).toHaveLength(2);
  });

  it('as separate services in lockstep: whatever order the queues deliver in, holding and the canonical release give the backtest log byte for byte', () => {
    const fill: FillModel = { ...DEFAULT_FILL_MODEL, slippage: { kind: 'atr-fraction', fraction: 0.05, period: 14 }, commission: { kind: 'per-lot', amount: 7 }, swap: { longPerLot: -6.5, shortPerLot: 1.2 } };
    const events: ScheduledCommand[] = [
      { time: Date.UTC(2025, 8, 3, 12), kind: 'kill-switch', reason: 'drill' },
      { time: Date.UTC(2025, 8, 8, 8), kind: 'resume', by: 'desk head' },
    ];
    const feeds = ['AUDUSD', 'EURGBP', 'EURUSD', 'GBPUSD', 'USDCAD', 'USDCHF'].map((symbol) => readSharedBars(sharedData.fxH1_2025(symbol), symbol, 'H1'));
    const strategies = [intradayStrategy, swingStrategy].map(run);
    const direct = new MemoryDecisionSink();
    const backtest = runBacktest({ feeds, strategies, sizing: new RiskEnginePolicy({ limits: DEFAULT_RISK_LIMITS, decisions: direct }), initialCash: cash, fill, events, decisions: direct });
    for (const scheduleSeed of [1, 2]) {
      const messages = new MemoryDecisionSink();
      const kernel = runLockstepKernel({ feeds, strategies, policy: new RiskEnginePolicy({ limits: DEFAULT_RISK_LIMITS, decisions: messages }), initialCash: cash, fill, events, decisions: messages, scheduleSeed });
      expect(messages.lines.length).toBe(direct.lines.length);
      expect(messages.text()).toBe(direct.text());
      expect(kernel.risk.desk.book.cash.toString()).toBe(backtest.finalEquity.toString());
      // Every bar, report, financing and command is a step of its own, whatever the schedule.
      expect(kernel.releases).toBe(65441);
    }
  });
});
