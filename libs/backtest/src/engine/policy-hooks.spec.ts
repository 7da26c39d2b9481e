import { Money, Quantity, MemoryDecisionSink } from '@trading/domain';
import { type StrategyDefinition, intradayStrategy, resolveParameters, scalpingStrategy, smaCrossoverStrategy } from '@trading/strategies';
import { sharedBars } from '@trading/strategies/testing';
import type { ClosedTrade } from '@trading/portfolio';
import { type CloseDecision, type CloseRequest, type DeskBar, FixedSizePolicy, type SizingDecision, type SizingPolicy, type SizingRequest } from '@trading/risk-engine';
import { runBacktest } from './backtest.engine';

const m5 = sharedBars('eurusdM5');
const h1 = sharedBars('eurusdH1');

/** Fixed 0.1 lots, recording every hook call; options make it refuse closes or break its orders. */
class RecordingPolicy implements SizingPolicy {
  readonly name = 'recording';
  readonly bars: { slot: number; time: number; close: number; position: string }[] = [];
  readonly sized: { time: number; closing: string; lastBarTime: number }[] = [];
  readonly closes: CloseRequest[] = [];
  readonly trades: ClosedTrade[] = [];
  readonly rejected: { message: string; time: number }[] = [];
  private readonly fixed = new FixedSizePolicy('0.1');

  constructor(private readonly options: { refuseCloses?: boolean; invalidBrackets?: boolean } = {}) {}

  size(request: SizingRequest): SizingDecision {
    this.sized.push({ time: request.time ?? Number.NaN, closing: request.closing?.toString() ?? 'none', lastBarTime: this.bars[this.bars.length - 1]?.time ?? Number.NaN });
    const decision = this.fixed.size(request);
    if (!this.options.invalidBrackets || request.signal.side !== 'buy') return decision;
    // A stop above the target is an order the broker refuses.
    const price = (offset: number) => Math.round((request.entryPrice + offset) * 1e5) / 1e5;
    return { ...decision, stopLoss: price(0.01), takeProfit: price(0.005) };
  }

  describe() {
    return { policy: this.name };
  }

  observeBar(bar: DeskBar): void {
    // One strategy per run: the slot's only position is the strategy's.
    const [position] = bar.book.ledger.positionsOf(bar.slot);
    this.bars.push({ slot: bar.slot, time: bar.time, close: bar.close, position: bar.book.ledger.quantityAt(position).toString() });
  }

  approveClose(request: CloseRequest): CloseDecision {
    this.closes.push(request);
    return this.options.refuseCloses ? { approved: false, reason: 'test refuses closes' } : { approved: true, reason: 'ok' };
  }

  onTradeClosed(trade: ClosedTrade): void {
    this.trades.push(trade);
  }

  onOrderRejected(message: string, time: number): void {
    this.rejected.push({ message, time });
  }
}

function run(policy: RecordingPolicy, sink?: MemoryDecisionSink, strategy: StrategyDefinition = scalpingStrategy) {
  const feed = strategy === scalpingStrategy ? m5 : h1;
  const parameters = resolveParameters(strategy.name, strategy.parameters, {});
  return runBacktest({ feeds: [feed], strategy, parameters, sizing: policy, initialCash: Money.of(10_000, 'USD'), decisions: sink });
}

describe('the sizing port hooks', () => {
  it('shows the policy every bar at its close before the strategy decides, and every closed trade once', () => {
    const policy = new RecordingPolicy();
    const result = run(policy);
    expect(policy.bars).toHaveLength(m5.length);
    expect(policy.bars[10]).toMatchObject({ slot: 0, time: m5.time[10] + 300_000, close: m5.close[10] });
    // Sizing happens at the clock of the bar the policy has just seen.
    // Once for each of scalping's 742 signals on the M5 file (the strategies spec counts them on its own replay).
    expect(policy.sized).toHaveLength(742);
    for (const s of policy.sized) expect(s.time).toBe(s.lastBarTime);
    expect(policy.trades).toEqual(result.trades);
  });

  it('passes the lots a reversal closes first (sma-crossover reverses on the real H1 file)', () => {
    const policy = new RecordingPolicy();
    run(policy, undefined, smaCrossoverStrategy);
    // Always in the market: the first of its 1,009 crosses opens from flat, each later one reverses 0.1 lots.
    const closing: Record<string, number> = {};
    for (const s of policy.sized) closing[s.closing] = (closing[s.closing] ?? 0) + 1;
    expect(closing).toEqual({ '0': 1, '0.1': 1008 });
  });

  it('asks before a flat signal closes (intraday goes flat at the session end)', () => {
    const policy = new RecordingPolicy();
    run(policy, undefined, intradayStrategy);
    // Intraday goes flat only while it holds a position: one close for each of its 275 flat
    // signals in this run, each of a 0.1 lot position.
    expect(policy.closes).toHaveLength(275);
    for (const close of policy.closes) expect(close.quantity.toString()).toBe('0.1');
    expect(policy.closes.every((close) => close.signal.side === 'flat')).toBe(true);
  });

  it('keeps a position open when the policy refuses the close, and logs why', () => {
    const sink = new MemoryDecisionSink();
    const refusing = new RecordingPolicy({ refuseCloses: true });
    run(refusing, sink, intradayStrategy);
    const skips = sink.lines.map((line) => JSON.parse(line) as { event: string; reason: string }).filter((r) => r.event === 'skip' && r.reason.startsWith('close refused'));
    expect(skips).toHaveLength(refusing.closes.length);
    expect(skips[0].reason).toBe('close refused: test refuses closes');
    // Each refused close leaves the position in place at the next bar.
    const firstRefused = refusing.closes[0].time;
    const next = refusing.bars.find((b) => b.time > firstRefused);
    expect(next?.position).toBe('0.1');
  });

  it('goes on after the broker refuses an order, telling the policy and the log', () => {
    const sink = new MemoryDecisionSink();
    const policy = new RecordingPolicy({ invalidBrackets: true });
    const result = run(policy, sink);
    expect(policy.rejected).toHaveLength(452);
    // The first buy, 2021-06-25 01:50 UTC, at 1.1936.
    expect(policy.rejected[0]).toEqual({ message: 'market buy EURUSD: stopLoss 1.2036 must be below takeProfit 1.1986', time: Date.UTC(2021, 5, 25, 1, 50) });
    const rejects = sink.lines.filter((line) => line.includes('"event":"reject"'));
    expect(rejects).toHaveLength(policy.rejected.length);
    // Sells still trade, and only they.
    expect(result.trades).toHaveLength(360);
    expect(result.trades.every((t) => t.side === 'short')).toBe(true);
    const refused = rejects.map((line) => JSON.parse(line) as { side: string; lots: string });
    expect(refused.every((r) => r.side === 'buy' && Quantity.of(r.lots).compare(Quantity.of(0)) > 0)).toBe(true);
  });
});
