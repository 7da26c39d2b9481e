import { runBacktest } from '@trading/backtest';
import { MemoryDecisionSink, Money } from '@trading/domain';
import { runMessageKernel } from '@trading/kernel-hosts/testing';
import { DEFAULT_RISK_LIMITS, RiskEnginePolicy } from '@trading/risk-engine';
import { DEFAULT_FILL_MODEL } from '@trading/simulated-venue';
import { intradayStrategy, resolveParameters, swingStrategy } from '@trading/strategies';
import { readSharedBars, sharedData } from '@trading/test-support';
import { ChainMonitor } from './chain-monitor';

describe("the run's chain monitor", () => {
  it('tallies per strategy and symbol what the kernel exchanged on the six 2025 pairs, as the backtest counts it', () => {
    const feeds = ['AUDUSD', 'EURGBP', 'EURUSD', 'GBPUSD', 'USDCAD', 'USDCHF'].map((symbol) => readSharedBars(sharedData.fxH1_2025(symbol), symbol, 'H1'));
    const strategies = [intradayStrategy, swingStrategy].map((definition) => ({ definition, parameters: resolveParameters(definition.name, definition.parameters, {}) }));
    const cash = Money.of(10_000, 'USD');
    const fill = { ...DEFAULT_FILL_MODEL, commission: { kind: 'per-lot' as const, amount: 7 } };
    const direct = new MemoryDecisionSink();
    const backtest = runBacktest({ feeds, strategies, sizing: new RiskEnginePolicy({ limits: DEFAULT_RISK_LIMITS, decisions: direct }), initialCash: cash, fill, decisions: direct });
    const monitor = new ChainMonitor();
    const sink = new MemoryDecisionSink();
    runMessageKernel({ feeds, strategies, policy: new RiskEnginePolicy({ limits: DEFAULT_RISK_LIMITS, decisions: sink }), initialCash: cash, fill, decisions: sink, tap: (_topic, envelope) => monitor.record(envelope) });
    const tallies = monitor.strategies();
    expect(Object.keys(tallies)).toEqual(['intraday', 'swing']);
    // The backtest's fill lines, read independently of the reports the monitor saw.
    const fills = direct.lines.filter((line) => line.startsWith('{"event":"fill"')).map((line) => JSON.parse(line) as { strategy: string; symbol: string; realizedPnl: string });
    for (const name of ['intraday', 'swing']) {
      const figures = backtest.strategies[name];
      const own = fills.filter((line) => line.strategy === name);
      const realised = own.reduce((sum, line) => sum.plus(line.realizedPnl), Money.of(0, 'USD').amount);
      expect({ name, signals: tallies[name].signals, fills: tallies[name].fills, realisedPnl: tallies[name].realisedPnl }).toEqual({
        name,
        signals: figures.signals,
        fills: own.length,
        realisedPnl: realised.toFixed(),
      });
      // Orders the desk sent (the venue's own bracket and end-of-data orders are not risk's).
      expect(tallies[name].orders).toBe(figures.orders);
      expect(Object.keys(tallies[name].symbols).sort()).toEqual(['AUDUSD', 'EURGBP', 'EURUSD', 'GBPUSD', 'USDCAD', 'USDCHF']);
      const perSymbol = Object.values(tallies[name].symbols).reduce((sum, tally) => sum + tally.fills, 0);
      expect(perSymbol).toBe(tallies[name].fills);
    }
    expect(fills).toHaveLength(148);
  });

  it('counts a redelivered message once', () => {
    const monitor = new ChainMonitor();
    const signal = {
      id: '0190e4c2-1a00-7000-8000-000000000001',
      type: 'signal',
      version: 2,
      occurredAt: 1,
      correlationId: '0190e4c2-1a00-7000-8000-000000000001',
      causationId: null,
      producer: 'strategy',
      payload: { strategy: 'swing', symbol: 'EURUSD', timeframe: 'H1', barTime: 0, side: 'buy', strength: 1, confidence: 1, reason: 'test' },
    };
    monitor.record(signal);
    monitor.record(signal);
    expect(monitor.strategies().swing.signals).toBe(1);
  });
});
