import { Money, MemoryDecisionSink } from '@trading/domain';
import { FixedSizePolicy } from '@trading/risk-engine';
import { intradayStrategy, resolveParameters, scalpingStrategy, smaCrossoverStrategy, type StrategyDefinition } from '@trading/strategies';
import { sharedBars } from '@trading/strategies/testing';
import { runBacktest } from './backtest.engine';

const h1 = sharedBars('eurusdH1');
const m5 = sharedBars('eurusdM5');
const run = (definition: StrategyDefinition) => ({ definition, parameters: resolveParameters(definition.name, definition.parameters, {}) });
const cash = Money.of(10_000, 'USD');

interface Line {
  event: string;
  time: number;
  strategy?: string;
  orderId?: string;
  position?: string;
}

describe('several strategies in one account', () => {
  const sink = new MemoryDecisionSink();
  const shared = runBacktest({ feeds: [h1], strategies: [run(smaCrossoverStrategy), run(intradayStrategy)], sizing: new FixedSizePolicy('0.1'), initialCash: cash, decisions: sink });
  const lines = sink.lines.map((line) => JSON.parse(line) as Line);

  it('gives each strategy its own position: with a fixed size, each trades exactly as it does alone', () => {
    for (const definition of [intradayStrategy, smaCrossoverStrategy]) {
      const alone = runBacktest({ feeds: [h1], strategy: definition, parameters: run(definition).parameters, sizing: new FixedSizePolicy('0.1'), initialCash: cash });
      const own = shared.trades.filter((trade) => trade.strategy === definition.name);
      expect(own.map((t) => [t.side, t.entryTime, t.exitTime, t.netPnl.toString()])).toEqual(alone.trades.map((t) => [t.side, t.entryTime, t.exitTime, t.netPnl.toString()]));
      expect(shared.strategies[definition.name].trades).toBe(alone.trades.length);
    }
  });

  it('attributes every cent: the strategies realised P&L add up to the account result', () => {
    const total = Object.values(shared.strategies).reduce((sum, f) => sum + f.realisedPnl, 0);
    expect(total).toBeCloseTo(shared.finalEquity.minus(cash).toNumber(), 2);
    expect(Object.keys(shared.strategies)).toEqual(['intraday', 'sma-crossover']);
    expect(shared.strategy).toBe('sma-crossover,intraday');
  });

  it('lets two strategies hold opposite positions in one symbol, and one exit leaves the other open', () => {
    const held: Record<string, number> = { intraday: 0, 'sma-crossover': 0 };
    let opposite = 0;
    let exitsAgainstOpen = 0;
    for (const line of lines.filter((l) => l.event === 'fill')) {
      const strategy = line.strategy as string;
      const other = strategy === 'intraday' ? 'sma-crossover' : 'intraday';
      const before = held[strategy];
      held[strategy] = Number(line.position);
      if (held.intraday * held['sma-crossover'] < 0) opposite++;
      if (before !== 0 && held[strategy] === 0 && held[other] !== 0) exitsAgainstOpen++;
    }
    // Counted on the 2015-2022 H1 file: 77 fills leave the two strategies on opposite sides; all 695
    // intraday exits happen while sma-crossover (always in the market) holds its own position, and 21
    // sma-crossover closes (the first leg of a reversal) while intraday holds one.
    expect({ opposite, exitsAgainstOpen }).toEqual({ opposite: 77, exitsAgainstOpen: 716 });
    // Every fill belongs to an order of the same strategy.
    const orders = new Map(lines.filter((l) => l.event === 'order').map((l) => [l.orderId, l.strategy]));
    expect(lines.filter((l) => l.event === 'fill').every((l) => orders.get(l.orderId) === l.strategy)).toBe(true);
  });

  it('runs a strategy on each timeframe of a symbol: scalping on M5, intraday on H1, the finest data driving the venue', () => {
    const both = runBacktest({ feeds: [h1, m5], strategies: [run(scalpingStrategy), run(intradayStrategy)], sizing: new FixedSizePolicy('0.1'), initialCash: cash });
    // Scalping, on the finest data, trades exactly as it does alone on M5.
    const alone = runBacktest({ feeds: [m5], strategy: scalpingStrategy, parameters: run(scalpingStrategy).parameters, sizing: new FixedSizePolicy('0.1'), initialCash: cash });
    const scalpingTrades = both.trades.filter((t) => t.strategy === 'scalping');
    expect(scalpingTrades.map((t) => [t.side, t.entryTime, t.exitTime, t.netPnl.toString()])).toEqual(alone.trades.map((t) => [t.side, t.entryTime, t.exitTime, t.netPnl.toString()]));
    expect(alone.trades).toHaveLength(742);
    expect(both.strategies['scalping']).toMatchObject({ signals: 742, trades: 742, wins: 393, realisedPnl: 321.7 });
    // Intraday's stops and targets are checked on the M5 bars inside each hour where there are
    // any: 705 trades, where alone on H1 it makes 695.
    expect(both.strategies['intraday']).toMatchObject({ signals: 1003, trades: 705, wins: 278, realisedPnl: -699.9 });
    // 10,000 + 321.70 - 699.90
    expect(both.finalEquity.toString()).toBe('9621.8');
    // Scalping trades only where its M5 data is.
    const m5End = m5.time[m5.length - 1] + 300_000;
    expect(both.trades.filter((t) => t.strategy === 'scalping').every((t) => t.entryTime >= m5.time[0] && t.exitTime <= m5End)).toBe(true);
    const total = Object.values(both.strategies).reduce((sum, f) => sum + f.realisedPnl, 0);
    expect(total).toBeCloseTo(both.finalEquity.minus(cash).toNumber(), 2);
  });

  it('names a strategy no feed suits and a feed no strategy trades', () => {
    expect(() => runBacktest({ feeds: [h1], strategies: [run(scalpingStrategy), run(intradayStrategy)], sizing: new FixedSizePolicy('0.1'), initialCash: cash })).toThrow(
      'scalping trades M1/M5 data, not H1 (EURUSD)',
    );
    expect(() => runBacktest({ feeds: [h1, m5], strategies: [run(intradayStrategy)], sizing: new FixedSizePolicy('0.1'), initialCash: cash })).toThrow(
      'no strategy trades EURUSD M5 (strategies: intraday on M15/M30/H1)',
    );
    expect(() => runBacktest({ feeds: [h1], strategies: [run(intradayStrategy), run(intradayStrategy)], sizing: new FixedSizePolicy('0.1'), initialCash: cash })).toThrow(
      'strategy intraday given twice',
    );
  });
});
