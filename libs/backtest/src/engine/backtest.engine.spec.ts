import { Money, emptyBarColumns, MemoryDecisionSink } from '@trading/domain';
import { resolveParameters, scalpingStrategy, smaCrossoverStrategy } from '@trading/strategies';
import { sharedBars } from '@trading/strategies/testing';
import { FixedFractionalPolicy, FixedSizePolicy } from '@trading/risk-engine';
import { runBacktest } from './backtest.engine';

const m5 = sharedBars('eurusdM5');
const scalpingDefaults = resolveParameters('scalping', scalpingStrategy.parameters, {});

function scalpingRun(decisions?: MemoryDecisionSink, seed = 7) {
  return runBacktest({
    feeds: [m5],
    strategy: scalpingStrategy,
    parameters: scalpingDefaults,
    sizing: new FixedSizePolicy('0.1'),
    initialCash: Money.of(10_000, 'USD'),
    fill: { timing: 'next-open', spread: { source: 'fixed', pips: 0.8 }, slippage: { kind: 'fixed-pips', pips: 0.1 }, commission: { kind: 'per-lot', amount: 3 } },
    seed,
    decisions,
  });
}

describe('runBacktest', () => {
  it('writes a byte-identical decision log on two runs over the real M5 data', () => {
    const first = new MemoryDecisionSink();
    const second = new MemoryDecisionSink();
    const a = scalpingRun(first);
    const b = scalpingRun(second);
    // The header and, for each of the 754 signals, a sizing, two orders and two fills.
    expect(first.lines).toHaveLength(1 + 754 * 6);
    expect(second.text()).toBe(first.text());
    expect(b.finalEquity.toString()).toBe(a.finalEquity.toString());
  });

  it('logs every signal, sizing, order and fill with a reason, in clock order', () => {
    const sink = new MemoryDecisionSink();
    const result = scalpingRun(sink);
    const [header, ...records] = sink.lines.map((line) => JSON.parse(line) as { event: string; time: number; reason?: string; seed?: number });
    expect(header).toMatchObject({ event: 'run', seed: 7, cash: '10000', currency: 'USD', limits: null });
    const count = (event: string) => records.filter((r) => r.event === event).length;
    expect(count('signal')).toBe(result.signals);
    // Every trade is an entry fill and an exit fill.
    expect(count('fill')).toBe(2 * result.trades.length);
    expect(records.every((r) => typeof r.reason === 'string' && r.reason.length > 0)).toBe(true);
    // One shape for every line: event, then time in UTC ms.
    expect(sink.lines.every((line) => /^\{"event":"[a-z-]+","time":\d+,/.test(line))).toBe(true);
    const times = records.map((r) => r.time);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('derives every order id from the bar behind it: the same whatever the seed', () => {
    const first = new MemoryDecisionSink();
    const second = new MemoryDecisionSink();
    scalpingRun(first, 1);
    scalpingRun(second, 2);
    // Only the header, which names the seed, differs.
    expect(second.lines.slice(1)).toEqual(first.lines.slice(1));
    const orders = first.lines.map((line) => JSON.parse(line) as { event: string; orderId?: string }).filter((r) => r.event === 'order');
    // Client order ids as IG takes them: "o" and 22 base-62 digits, one per order.
    expect(orders.every((r) => /^o[0-9A-Za-z]{22}$/.test(r.orderId ?? ''))).toBe(true);
    expect(new Set(orders.map((r) => r.orderId)).size).toBe(orders.length);
  });

  it('books final equity exactly: initial cash plus the net P&L of every trade', () => {
    const result = scalpingRun();
    expect(result.trades).toHaveLength(754);
    expect(result.finalEquity.toString()).toBe('9173.8');
    const net = result.trades.reduce((sum, trade) => sum.plus(trade.netPnl), Money.zero('USD'));
    expect(result.finalEquity.toString()).toBe(Money.of(10_000, 'USD').plus(net).toString());
    const exits: Record<string, number> = {};
    for (const trade of result.trades) exits[trade.exitReason] = (exits[trade.exitReason] ?? 0) + 1;
    expect(exits).toEqual({ 'stop-loss': 377, 'take-profit': 370, 'stop-loss, gapped: filled at the open': 5, 'take-profit, gapped: filled at the open': 2 });
    // 0.1 lots of EURUSD: a pip is 1 USD. Commission 3 USD a lot a side: 754 × 2 × 0.30.
    expect(result.costs.commission.toString()).toBe('452.4');
    // The 0.8 pip spread once a round trip: 754 × 0.80.
    expect(result.costs.spread.toString()).toBe('603.2');
    // 0.1 pip slippage on every market fill, none on the 372 take-profit limits: (1508 - 372) × 0.10.
    expect(result.costs.slippage.toString()).toBe('113.6');
    expect(result.assumptions.warnings).toEqual([]);
  });

  it('sizes with a fixed fraction of equity over the signal stop distance', () => {
    const sink = new MemoryDecisionSink();
    const result = runBacktest({
      feeds: [m5],
      strategy: scalpingStrategy,
      parameters: scalpingDefaults,
      sizing: new FixedFractionalPolicy(0.01),
      initialCash: Money.of(10_000, 'USD'),
      seed: 1,
      decisions: sink,
    });
    const sizings = sink.lines.map((line) => JSON.parse(line) as { event: string; lots?: string; reason: string; code?: string });
    // 1% of 10,000 USD is 100 USD: over the first signal's 3.3 pip stop (1.19404 - 1.19371) that is
    // 100 / (0.00033 × 100,000) = 3.0303 lots, floored to 3.03; at 30:1 they need
    // 303,000 × 1.19371 / 30 = 12,056.47 USD of margin, more than the 10,000 there is.
    expect(sizings.find((line) => line.event === 'sizing')).toMatchObject({ lots: '3.03', reason: 'risking 1% of 10000 USD over 0.00033: 3.03 lots' });
    expect(sizings.find((line) => line.event === 'refuse')).toMatchObject({ code: 'INSUFFICIENT_MARGIN', reason: '3.03 lots need 12056.47 USD of margin; the free margin is 10000.00 USD' });
    expect(sizings.filter((line) => line.event === 'refuse')).toHaveLength(201);
    expect(result.signals).toBe(773);
    expect(result.trades).toHaveLength(572);
    expect(result.trades[0].quantity.toString()).toBe('2.5');
    expect(result.finalEquity.toString()).toBe('12649.48');
  });

  it('merges two symbols in time order and samples equity once per timestamp', () => {
    const make = (symbol: string, base: number) => {
      const columns = emptyBarColumns(symbol, 'H1', 200);
      for (let i = 0; i < 200; i++) {
        columns.time[i] = Date.UTC(2022, 0, 3) + i * 3_600_000;
        const price = base * (1 + 0.01 * Math.sin(i / 10));
        columns.open[i] = columns.close[i] = price;
        columns.high[i] = price * 1.0005;
        columns.low[i] = price * 0.9995;
      }
      return columns;
    };
    const result = runBacktest({
      feeds: [make('EURUSD', 1.1), make('GBPUSD', 1.3)],
      strategy: smaCrossoverStrategy,
      parameters: resolveParameters('sma-crossover', smaCrossoverStrategy.parameters, { fastPeriod: 5, slowPeriod: 20 }),
      sizing: new FixedSizePolicy('0.1'),
      initialCash: Money.of(10_000, 'USD'),
    });
    expect(result.bars).toBe(400);
    expect(new Set(result.trades.map((t) => t.symbol))).toEqual(new Set(['EURUSD', 'GBPUSD']));
  });

  it('refuses a strategy on a timeframe it does not trade, naming both', () => {
    const h1 = emptyBarColumns('EURUSD', 'H1', 10);
    expect(() =>
      runBacktest({ feeds: [h1], strategy: scalpingStrategy, parameters: scalpingDefaults, sizing: new FixedSizePolicy('0.1'), initialCash: Money.of(1000, 'USD') }),
    ).toThrow('scalping trades M1/M5 data, not H1 (EURUSD)');
  });

  it('sees a coarser bar only after the finer bars inside it: feeds merge by bar close', () => {
    const make = (symbol: string, timeframe: 'H1' | 'H4', count: number) => {
      const columns = emptyBarColumns(symbol, timeframe, count);
      const step = timeframe === 'H1' ? 3_600_000 : 4 * 3_600_000;
      for (let i = 0; i < count; i++) {
        columns.time[i] = Date.UTC(2022, 0, 3) + i * step;
        const price = 1.1 * (1 + 0.01 * Math.sin(i / 3));
        columns.open[i] = columns.close[i] = columns.high[i] = columns.low[i] = price;
      }
      return columns;
    };
    const sink = new MemoryDecisionSink();
    runBacktest({
      feeds: [make('GBPUSD', 'H4', 50), make('EURUSD', 'H1', 200)],
      strategy: smaCrossoverStrategy,
      parameters: { fastPeriod: 3, slowPeriod: 8 },
      sizing: new FixedSizePolicy('0.1'),
      initialCash: Money.of(10_000, 'USD'),
      decisions: sink,
    });
    const signals = sink.lines.map((line) => JSON.parse(line) as { event: string; time: number; barTime: number; symbol: string }).filter((r) => r.event === 'signal');
    expect(new Set(signals.map((s) => s.symbol))).toEqual(new Set(['EURUSD', 'GBPUSD']));
    // Every signal is decided at its bar's close, and decisions never go back in time.
    for (const s of signals) expect(s.time - s.barTime).toBe(s.symbol === 'GBPUSD' ? 4 * 3_600_000 : 3_600_000);
    expect(signals.map((s) => s.time)).toEqual([...signals.map((s) => s.time)].sort((a, b) => a - b));
  });

  it('rejects bad strategy parameters, naming the parameter', () => {
    expect(() =>
      runBacktest({ feeds: [m5], strategy: scalpingStrategy, parameters: { bbPeriod: 1 }, sizing: new FixedSizePolicy('0.1'), initialCash: Money.of(1000, 'USD') }),
    ).toThrow('scalping: parameter "bbPeriod" must be in 5..100, got 1');
  });
});
