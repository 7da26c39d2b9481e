import type { SignalGenerated } from '@trading/contracts';
import { type BarColumns, ExactDecimal, Money, Quantity, emptyBarColumns, instrumentFor } from '@trading/domain';
import type { ClosedTrade } from '@trading/portfolio';
import { DEFAULT_RISK_LIMITS, parseRiskLimits } from '../limits.config';
import { MemoryDecisionSink } from '@trading/domain';
import { DeskBook } from './desk-book';
import { RiskEnginePolicy } from './engine.policy';
import type { SizingRequest } from './sizing.policy';

const HOUR = 3_600_000;
const START = Date.UTC(2025, 0, 6, 0, 0);

/** A 10,000 USD EURUSD book, quoted on bars of a gentle hand-built walk (bid closes, 1-pip spread). */
function eurusdBook(): DeskBook {
  return new DeskBook({ initialCash: Money.of(10_000, 'USD'), instruments: [instrumentFor('EURUSD')] });
}

/** Each bar opens `gap` above the previous close (no gap by default). */
function walk(count: number, gap = 0): BarColumns {
  const bars = emptyBarColumns('EURUSD', 'H1', count);
  for (let i = 0; i < count; i++) {
    const close = 1.1 + 0.002 * Math.sin(i / 7) + 0.0005 * Math.sin(i * 1.3);
    bars.time[i] = START + i * HOUR;
    bars.open[i] = i === 0 ? close : bars.close[i - 1] + gap;
    bars.high[i] = close + 0.0008;
    bars.low[i] = close - 0.0008;
    bars.close[i] = close;
  }
  return bars;
}

function feed(policy: RiskEnginePolicy, book: DeskBook, bars: BarColumns, slippage = 0): void {
  for (let i = 0; i < bars.length; i++) {
    book.quote(0, bars.close[i], 0.0001, bars.time[i]);
    policy.observeBar({ symbol: 'EURUSD', slot: 0, barTime: bars.time[i], time: bars.time[i] + HOUR, open: bars.open[i], high: bars.high[i], low: bars.low[i], close: bars.close[i], slippage, book });
  }
}

function signal(side: 'buy' | 'sell', barTime: number, stopLoss: number): SignalGenerated {
  return { strategy: 'test', symbol: 'EURUSD', timeframe: 'H1', barTime, side, strength: 1, confidence: 1, stopLoss, reason: 'test' };
}

function request(book: DeskBook, s: SignalGenerated, time: number, closing = Quantity.of(0)): SizingRequest {
  return { signal: s, signalId: `signal-${s.barTime}`, decisionId: `decision-${s.barTime}`, clientOrderId: `order-${s.barTime}`, instrument: book.instruments[0], equity: book.cash, entryPrice: book.bid(0), quoteToAccount: new ExactDecimal(1), time, book, closing };
}

describe('RiskEnginePolicy', () => {
  const bars = walk(300);
  const lastBar = bars.time[bars.length - 1];
  const now = lastBar + HOUR;

  it('sizes an entry at the ask (close + spread) and attaches the stop it sized against', () => {
    const lines = new MemoryDecisionSink();
    const book = eurusdBook();
    const policy = new RiskEnginePolicy({ limits: DEFAULT_RISK_LIMITS, decisions: lines });
    feed(policy, book, bars);
    const stop = Number((book.bid(0) - 0.002).toFixed(5));
    const decision = policy.size(request(book, signal('buy', lastBar, stop), now));
    // 0.5% of 10,000 over 20 pips + the 1-pip spread: 50 / (0.0021 × 100,000) = 0.238 → 0.23 lots.
    expect(decision.quantity.toString()).toBe('0.23');
    expect(decision.reason).toBe('risk engine approved 0.23 lots');
    expect('downsizedFrom' in decision).toBe(false);
    expect(decision.stopLoss).toBe(stop);
    const line = JSON.parse(lines.lines[lines.lines.length - 1]) as { signalId: string; decision: string; sizing: { entryPrice: number }; time: number };
    expect(line).toMatchObject({ signalId: `signal-${lastBar}`, decision: 'approved', time: now });
    expect(line.sizing.entryPrice).toBeCloseTo(book.bid(0) + 0.0001, 10);
  });

  it('rejects with the rule reason and trades nothing', () => {
    const book = eurusdBook();
    const policy = new RiskEnginePolicy({ limits: parseRiskLimits({ minStopPips: 30 }) });
    feed(policy, book, bars);
    const decision = policy.size(request(book, signal('buy', lastBar, book.bid(0) - 0.002), now));
    expect(decision.quantity.isZero()).toBe(true);
    expect(decision.reason).toMatch(/^risk engine rejected: MIN_STOP_DISTANCE: /);
    expect(policy.riskSummary().rejectionsByReason).toEqual({ MIN_STOP_DISTANCE: 1 });
  });

  it('judges the opening leg of a reversal on the flat book, never as reduce-only', () => {
    const lines = new MemoryDecisionSink();
    const book = eurusdBook();
    const policy = new RiskEnginePolicy({ limits: DEFAULT_RISK_LIMITS, decisions: lines });
    feed(policy, book, bars);
    // A 0.5-lot short of the same strategy, filled at the last bid with its stop 30 pips above.
    book.sent({ id: 'short', strategy: 'test', symbol: 'EURUSD', side: 'sell', quantity: Quantity.of('0.5'), stopLoss: book.bid(0) + 0.003 });
    book.fill({ orderId: 'short', strategy: 'test', symbol: 'EURUSD', side: 'sell', quantity: Quantity.of('0.5'), price: book.bid(0), time: now, commission: Money.of(0, 'USD'), reason: 'test' });
    policy.size(request(book, signal('buy', lastBar, book.bid(0) - 0.002), now, Quantity.of('0.5')));
    const line = JSON.parse(lines.lines[lines.lines.length - 1]) as { decision: string; order: { reduceOnly: boolean; size: string }; checks: { code: string; detail?: string }[] };
    expect(line.decision).toBe('approved');
    // Against the short it would look like a 0.23-lot reduction; after the close it is a new 0.23-lot long.
    expect(line.order.reduceOnly).toBe(false);
    expect(line.checks.find((c) => c.code === 'MAX_POSITION_SIZE')?.detail).toBe('EURUSD position 0.23 of 10 lots');
  });

  it('feeds closed trades to the losing-streak breaker and logs the state change', () => {
    const lines = new MemoryDecisionSink();
    const book = eurusdBook();
    const policy = new RiskEnginePolicy({ limits: parseRiskLimits({ breakers: { consecutiveLosses: 2, cooldownMinutes: 60 } }), decisions: lines });
    feed(policy, book, walk(10));
    const loss = { netPnl: Money.of(-10, 'USD') } as ClosedTrade;
    const at = START + 10 * HOUR;
    policy.onTradeClosed(loss, at);
    policy.onTradeClosed(loss, at);
    expect(policy.engine.state).toBe('REDUCING');
    const change = JSON.parse(lines.lines[lines.lines.length - 1]) as { event: string; from: string; to: string; time: number };
    expect(change).toMatchObject({ event: 'state-change', from: 'ACTIVE', to: 'REDUCING', time: at });
    const summary = policy.riskSummary();
    expect(summary.breakerTrips).toEqual([expect.objectContaining({ breaker: 'CONSECUTIVE_LOSSES', from: 'ACTIVE', to: 'REDUCING', time: at })]);
    // The walk's ten bars close from START + 1h to START + 10h, all ACTIVE.
    expect(summary.timeInState).toEqual({ ACTIVE: 9 * HOUR, REDUCING: 0, HALTED: 0 });
  });

  it('halts after a burst of broker rejections', () => {
    const book = eurusdBook();
    const policy = new RiskEnginePolicy({ limits: parseRiskLimits({ breakers: { brokerRejections: 2 } }) });
    feed(policy, book, walk(5));
    policy.onOrderRejected('refused', START + 5 * HOUR);
    policy.onOrderRejected('refused', START + 5 * HOUR);
    expect(policy.engine.state).toBe('HALTED');
  });

  it('refuses an account in another currency than its limits', () => {
    const euro = new RiskEnginePolicy({ limits: parseRiskLimits({ accountCurrency: 'EUR' }) });
    expect(() => feed(euro, eurusdBook(), walk(2))).toThrow("the risk limits' accountCurrency is EUR but the account is in USD");
  });

  it("scales the size by the signal's confidence under sizing.confidence", () => {
    const sized = (confidence: number): string => {
      const book = eurusdBook();
      const policy = new RiskEnginePolicy({ limits: parseRiskLimits({ sizing: { confidence: { minProbability: 0.5, fullSizeProbability: 0.7 } } }) });
      feed(policy, book, bars);
      const stop = Number((book.bid(0) - 0.002).toFixed(5));
      return policy.size(request(book, { ...signal('buy', lastBar, stop), confidence }, now)).quantity.toString();
    };
    // Confidence 0.6 is half way from 0.5 (nothing) to 0.7 (full): 0.238 / 2 = 0.119 -> 0.11 lots.
    expect([sized(1), sized(0.6), sized(0.5)]).toEqual(['0.23', '0.11', '0']);
  });

  it('sizes a market entry at the price it can fill at: the ask plus the slippage and the typical gap to the next open', () => {
    const lines = new MemoryDecisionSink();
    const book = eurusdBook();
    const policy = new RiskEnginePolicy({ limits: DEFAULT_RISK_LIMITS, decisions: lines });
    // Every bar opens 3 pips away from the previous close, and the venue slips fills by 1 pip.
    feed(policy, book, walk(300, 0.0003), 0.0001);
    const stop = Number((book.bid(0) - 0.002).toFixed(5));
    const decision = policy.size(request(book, signal('buy', lastBar, stop), now));
    // 50 USD over 20 pips + 1 (spread) + 1 (slippage) + 3 (gap) = 25 pips: 50 / (0.0025 x 100,000) = 0.2 lots,
    // floored to 0.19 because the walk's closes are off the point grid and the distance is a hair over 25 pips.
    expect(decision.quantity.toString()).toBe('0.19');
    const line = JSON.parse(lines.lines[lines.lines.length - 1]) as { sizing: { entryPrice: number; expectedEntryCost: number; stopDistance: number } };
    expect(line.sizing.expectedEntryCost).toBeCloseTo(0.0004, 12);
    expect(line.sizing.stopDistance).toBeCloseTo(0.0025, 5);
    expect(line.sizing.entryPrice).toBeCloseTo(book.bid(0) + 0.0005, 12);
  });

  it('logs the risk every entry really took at its fill price, and counts a fill over the limit as a breach', () => {
    const lines = new MemoryDecisionSink();
    const book = eurusdBook();
    const policy = new RiskEnginePolicy({ limits: DEFAULT_RISK_LIMITS, decisions: lines });
    feed(policy, book, bars);
    // 0.23 lots sized for 21 pips of risk fill 30 pips above the stop: 69 USD of risk against a 100 USD limit (1% of 10,000).
    const fill = { strategy: 'test', symbol: 'EURUSD', orderId: 'o1', side: 'buy' as const, lots: 0.23, price: 1.1, stopLoss: 1.097, time: now, book };
    policy.onEntryFilled(fill);
    // A gap through the stop's side: 50 pips of risk on 0.23 lots is 115 USD, over the limit.
    policy.onEntryFilled({ ...fill, orderId: 'o2', price: 1.102 });
    const risks = lines.lines.map((line) => JSON.parse(line) as { event: string; risk: number; limit: number; breach: boolean }).filter((l) => l.event === 'fill-risk');
    expect(risks.map((r) => [r.risk, r.limit, r.breach])).toEqual([
      [69, 100, false],
      [115, 100, true],
    ]);
    expect(policy.riskSummary().fillRisk).toEqual({ fills: 2, breaches: 1, maxRatio: 1.15 });
  });

  it('measures how long a feed was silent before a bar, leaving the FX weekend out', () => {
    const lines = new MemoryDecisionSink();
    const book = eurusdBook();
    const policy = new RiskEnginePolicy({ limits: DEFAULT_RISK_LIMITS, decisions: lines });
    const bar = (start: number) => {
      book.quote(0, 1.1, 0.0001, start);
      policy.observeBar({ symbol: 'EURUSD', slot: 0, barTime: start, time: start + HOUR, open: 1.1, high: 1.101, low: 1.099, close: 1.1, slippage: 0, book });
    };
    // Friday 2025-01-10 20:00 then Monday 00:00: the weekend is not silence.
    bar(Date.UTC(2025, 0, 10, 20));
    bar(Date.UTC(2025, 0, 13, 0));
    // (Rejected for the short history only.)
    expect(policy.size(request(book, signal('buy', Date.UTC(2025, 0, 13, 0), 1.098), Date.UTC(2025, 0, 13, 1))).reason).not.toContain('STALE_MARKET_DATA');
    // Tuesday 10:00 after Monday 00:00: 33 hours of silence beyond the hour the bar covers.
    bar(Date.UTC(2025, 0, 14, 10));
    const decision = policy.size(request(book, signal('sell', Date.UTC(2025, 0, 14, 10), 1.102), Date.UTC(2025, 0, 14, 11)));
    expect(decision.reason).toBe('risk engine rejected: STALE_MARKET_DATA: the EURUSD feed was silent for 118800000 ms before its latest bar, over the 7200000 ms limit');
  });
});
