// The risk-engine policy beyond sizing: what it reports (its description, the
// limits in force, the state and its cause, equity marks), a person's
// commands, closes, the strategy record Kelly reads, the VaR it samples and
// the volatility it watches.
import type { SignalGenerated } from '@trading/contracts';
import { ExactDecimal, MemoryDecisionSink, Money, Quantity, instrumentFor } from '@trading/domain';
import type { ClosedTrade } from '@trading/portfolio';
import { DEFAULT_RISK_LIMITS, parseRiskLimits, type RiskLimits } from '../limits.config';
import { DeskBook } from './desk-book';
import { RiskEnginePolicy } from './engine.policy';

const HOUR = 3_600_000;
const START = Date.UTC(2025, 0, 6, 0, 0);
const SPREAD = 0.0001;

/** A gentle deterministic walk around 1.1. */
const closeAt = (i: number): number => 1.1 + 0.002 * Math.sin(i / 7) + 0.0005 * Math.sin(i * 1.3);

function setup(limits: RiskLimits = DEFAULT_RISK_LIMITS, options: { historyCloses?: number; atrPeriod?: number } = {}) {
  const lines = new MemoryDecisionSink();
  const book = new DeskBook({ initialCash: Money.of(10_000, 'USD'), instruments: [instrumentFor('EURUSD')] });
  const policy = new RiskEnginePolicy({ limits, decisions: lines, ...options });
  let next = 0;
  /** Bars i = next .. next + count − 1, bar i closing at START + (i + 1) h. */
  const feed = (count: number) => {
    for (let n = 0; n < count; n++, next++) {
      const close = closeAt(next);
      book.quote(0, close, SPREAD, START + next * HOUR);
      policy.observeBar({ symbol: 'EURUSD', slot: 0, barTime: START + next * HOUR, time: START + (next + 1) * HOUR, open: close, high: close + 0.0008, low: close - 0.0008, close, slippage: 0, book });
    }
  };
  const now = () => START + next * HOUR;
  const parsed = () => lines.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { lines, book, policy, feed, now, parsed };
}

function hold(book: DeskBook, side: 'buy' | 'sell', lots: string, time: number): void {
  book.sent({ id: `held-${side}`, strategy: 'test', symbol: 'EURUSD', side, quantity: Quantity.of(lots) });
  book.fill({ orderId: `held-${side}`, strategy: 'test', symbol: 'EURUSD', side, quantity: Quantity.of(lots), price: book.bid(0), time, commission: Money.of(0, 'USD'), reason: 'test' });
}

const trade = (pnl: number) => ({ netPnl: Money.of(pnl, 'USD') }) as ClosedTrade;

describe('risk-engine policy: what it reports', () => {
  it('describes itself by the limits a reader looks for first', () => {
    expect(new RiskEnginePolicy({ limits: DEFAULT_RISK_LIMITS }).describe()).toEqual({
      policy: 'risk-engine',
      riskPerTrade: 0.005,
      maxRiskPerTrade: 0.01,
      maxOpenRisk: 0.04,
      maxPositionLots: 10,
      maxGrossLeverage: 10,
      maxCurrencyLeverage: 5,
      correlationThreshold: 0.8,
      varMaxFractionOfEquity: 0.03,
      dailyLoss: 0.03,
      maxDrawdown: 0.1,
    });
  });

  it('reports the limits in force, and new ones from a set-limits on, in its VaR record too', () => {
    const { policy, feed, now } = setup();
    feed(2);
    expect(policy.settings()).toBe(DEFAULT_RISK_LIMITS);
    expect(policy.currentLimits()).toBe(DEFAULT_RISK_LIMITS);
    const calmer = parseRiskLimits({ maxOpenPositions: 2, var: { confidence: 0.95, horizonBars: 12 } });
    policy.setLimits({ limits: calmer, time: now(), by: 'ops' });
    expect(policy.settings()).toBe(calmer);
    expect(policy.currentLimits()).toBe(calmer);
    expect(policy.engine.limits).toBe(calmer);
    expect(policy.describe().varMaxFractionOfEquity).toBe(0.03);
    expect(policy.riskSummary().valueAtRisk).toMatchObject({ confidence: 0.95, horizonBars: 12 });
  });

  it('takes new limits before it has seen any bar', () => {
    const policy = new RiskEnginePolicy({ limits: DEFAULT_RISK_LIMITS });
    const calmer = parseRiskLimits({ maxOpenPositions: 2 });
    expect(() => policy.setLimits({ limits: calmer, time: START, by: 'ops' })).not.toThrow();
    expect(policy.currentLimits()).toBe(calmer);
  });

  it('moves the session reset with new limits: the daily loss then counts from the new session’s equity', () => {
    const { policy, book, feed, now, parsed } = setup();
    feed(3);
    // A session resetting at 03:00 UTC starts with the bar closing then; at 21:00 (the default) it would not.
    policy.setLimits({ limits: parseRiskLimits({ breakers: { sessionResetUtcMinute: 3 * 60 + 30 } }), time: now(), by: 'ops' });
    hold(book, 'buy', '1', now());
    feed(1);
    policy.size({ signal: entrySignal(now()), signalId: 's', decisionId: 'd', clientOrderId: 'o', instrument: book.instruments[0], equity: book.cash, entryPrice: book.bid(0), quoteToAccount: new ExactDecimal(1), time: now(), book, closing: Quantity.of(0) });
    const decision = parsed().filter((line) => line['event'] === 'risk-decision').at(-1) as { portfolio: { todayPnl: string } };
    // The bar closing at 04:00 opened the session at 03:30: today's P&L is 0 against it, not the move since the run began.
    expect(decision.portfolio.todayPnl).toBe('0');
  });

  it('is ACTIVE with no cause and knows the session’s opening and peak equity once it has seen the book', () => {
    const { policy, feed } = setup();
    expect(policy.equityMarks()).toEqual({ sessionStart: null, peak: null });
    feed(2);
    expect(policy.tradingState()).toBe('ACTIVE');
    expect(policy.stateCause()).toBeNull();
    expect(policy.equityMarks()).toEqual({ sessionStart: '10000', peak: '10000' });
  });
});

function entrySignal(time: number): SignalGenerated {
  return { strategy: 'test', symbol: 'EURUSD', timeframe: 'H1', barTime: time - HOUR, side: 'buy', strength: 1, confidence: 1, stopLoss: 1.09, reason: 'test' };
}

describe('risk-engine policy: a person’s commands', () => {
  it('reduces, resumes and presses the kill switch at the command’s time, naming the cause', () => {
    const { policy, book, feed, now, parsed } = setup();
    feed(3);
    policy.reduce({ time: now() + 5, reason: 'news' });
    expect(policy.tradingState()).toBe('REDUCING');
    expect(policy.stateCause()).toEqual({ code: 'MANUAL_REDUCE', reason: 'reduce only: news', since: now() + 5, until: null });
    policy.resume({ book, time: now() + 6, by: 'ops' });
    expect(policy.tradingState()).toBe('ACTIVE');
    expect(parsed().filter((line) => line['event'] === 'state-change').map((line) => [line['time'], line['to'], line['reason']])).toEqual([
      [now() + 5, 'REDUCING', 'MANUAL_REDUCE: reduce only: news'],
      [now() + 6, 'ACTIVE', 'resumed by ops'],
    ]);
    hold(book, 'sell', '0.4', now());
    const commandId = '0190e4c2-1a00-7000-8000-000000000001';
    const flatten = policy.killSwitch({ book, time: now() + 7, reason: 'drill', commandId });
    expect(policy.tradingState()).toBe('HALTED');
    expect(flatten.map((o) => [o.strategy, o.symbol, o.side, o.size.toString(), o.reduceOnly, o.signalId])).toEqual([['test', 'EURUSD', 'BUY', '0.4', true, commandId]]);
    // The buy that flattens the short is priced at the ask: the last close plus the spread.
    expect(flatten[0].entryPrice).toBeCloseTo(closeAt(2) + SPREAD, 12);
    expect(parsed().filter((line) => line['event'] === 'breaker-trip').map((line) => [line['time'], line['breaker'], line['latched']])).toEqual([
      [now() + 5, 'MANUAL_REDUCE', true],
      [now() + 7, 'KILL_SWITCH', true],
    ]);
  });

  it('approves the close of a position and refuses one with nothing to close, with the rule’s code', () => {
    const { policy, book, feed, now } = setup();
    feed(3);
    const flat: SignalGenerated = { strategy: 'test', symbol: 'EURUSD', timeframe: 'H1', barTime: now() - HOUR, side: 'flat', strength: 1, confidence: 1, reason: 'exit' };
    const ask = (id: string) => policy.approveClose({ signal: flat, signalId: id, decisionId: id, clientOrderId: id, time: now(), quantity: Quantity.of('0.2'), book });
    expect(ask('a')).toEqual({ approved: false, reason: 'NO_POSITION: exit signal a: test holds no EURUSD position to close', code: 'NO_POSITION', checks: [] });
    hold(book, 'sell', '0.2', now());
    const approved = ask('b');
    expect(approved).toMatchObject({ approved: true, reason: 'risk engine approved the close' });
    expect(approved.checks).toHaveLength(16);
  });

  it('closes only a strategy’s own position: not another’s long, and its own long whatever larger short others hold', () => {
    const { policy, book, feed, now } = setup();
    feed(3);
    const holdAs = (strategy: string, side: 'buy' | 'sell', lots: string) => {
      book.sent({ id: `${strategy}-${side}`, strategy, symbol: 'EURUSD', side, quantity: Quantity.of(lots) });
      book.fill({ orderId: `${strategy}-${side}`, strategy, symbol: 'EURUSD', side, quantity: Quantity.of(lots), price: book.bid(0), time: now(), commission: Money.of(0, 'USD'), reason: 'test' });
    };
    const closeOf = (strategy: string, id: string) => {
      const flat: SignalGenerated = { strategy, symbol: 'EURUSD', timeframe: 'H1', barTime: now() - HOUR, side: 'flat', strength: 1, confidence: 1, reason: 'exit' };
      return policy.approveClose({ signal: flat, signalId: id, decisionId: id, clientOrderId: id, time: now(), quantity: Quantity.of('0.1'), book });
    };
    holdAs('other', 'buy', '0.2');
    expect(closeOf('test', 'c')).toEqual({ approved: false, reason: 'NO_POSITION: exit signal c: test holds no EURUSD position to close', code: 'NO_POSITION', checks: [] });
    // test long 0.1 beside other's 0.2 long and bear's 0.5 short: the symbol is net short 0.2, and test's SELL closes its own deal.
    holdAs('test', 'buy', '0.1');
    holdAs('bear', 'sell', '0.5');
    expect(closeOf('test', 'd')).toMatchObject({ approved: true, reason: 'risk engine approved the close' });
  });
});

describe('risk-engine policy: the strategy record Kelly reads', () => {
  // Quarter... here a tenth of Kelly from 3 closed trades on: wins +30 and +50, losses −10 and −10, one break-even.
  // W = 2/5, R = (80 / 2) / (20 / 2) = 4, f* = 0.4 − 0.6 / 4 = 0.25, a tenth of it 0.025 (inside floor 0.001, cap 0.05).
  const kelly = parseRiskLimits({ maxRiskPerTrade: 0.05, sizing: { kelly: { enabled: true, fraction: 0.1, minTrades: 3, floor: 0.001, cap: 0.05 } } });

  function riskFractionAfter(pnls: readonly number[]): { riskFraction: number; riskFractionSource: string } {
    const { policy, book, feed, now, parsed } = setup(kelly);
    feed(3);
    for (const pnl of pnls) policy.onTradeClosed(trade(pnl), now());
    policy.size({ signal: entrySignal(now()), signalId: 's', decisionId: 'd', clientOrderId: 'o', instrument: book.instruments[0], equity: book.cash, entryPrice: book.bid(0), quoteToAccount: new ExactDecimal(1), time: now(), book, closing: Quantity.of(0) });
    const line = parsed().filter((l) => l['event'] === 'risk-decision').at(-1) as { sizing: { riskFraction: number; riskFractionSource: string } };
    return line.sizing;
  }

  it('counts wins, losses and break-evens apart and gives Kelly the win rate and payoff ratio', () => {
    const sizing = riskFractionAfter([30, 0, -10, 50, -10]);
    expect(sizing.riskFractionSource).toBe('kelly');
    expect(sizing.riskFraction).toBeCloseTo(0.025, 12);
  });

  it('gives no record before the strategy has both a win and a loss', () => {
    expect(riskFractionAfter([30, 50, 0, 10])).toEqual(expect.objectContaining({ riskFractionSource: 'fixed', riskFraction: 0.005 }));
    expect(riskFractionAfter([-30, -50, 0, -10])).toEqual(expect.objectContaining({ riskFractionSource: 'fixed', riskFraction: 0.005 }));
  });
});

describe('risk-engine policy: the VaR it samples', () => {
  const limits = parseRiskLimits({ var: { confidence: 0.9, horizonBars: 4, minObservations: 20 } });

  it('records 0 while flat, nothing while the history is short, then the historical VaR of the position', () => {
    const { policy, book, feed, now } = setup(limits);
    feed(5);
    expect(policy.riskSummary().valueAtRisk.points).toEqual([1, 2, 3, 4, 5].map((h) => ({ time: START + h * HOUR, value: 0, fractionOfEquity: 0 })));
    hold(book, 'buy', '1', now());
    feed(15);
    // 20 closes are 19 returns: one short of the 20 needed.
    expect(policy.riskSummary().valueAtRisk.points).toHaveLength(5);
    feed(1);
    const points = policy.riskSummary().valueAtRisk.points;
    expect(points).toHaveLength(6);

    // Computed apart: 1 lot = 100,000 EUR at the mid (last close + half the spread) in USD; losses −w·r over the
    // 20 returns of closes 0..20; at 0.9 the ceil(18) = 18th smallest; over 4 bars × 2.
    const closes = Array.from({ length: 21 }, (_, i) => closeAt(i));
    const weight = 100_000 * (closes[20] + SPREAD / 2);
    const losses = closes.slice(1).map((close, i) => -weight * (close / closes[i] - 1)).sort((a, b) => a - b);
    const raw = losses[17] * 2;
    const equity = Number(book.equity().toFixed(2));
    // The cents and the fraction are both rounded from the unrounded figure.
    expect(points[5]).toEqual({ time: START + 21 * HOUR, value: Math.round(raw * 100) / 100, fractionOfEquity: Math.round((raw / equity) * 1e6) / 1e6 });
    expect(raw).toBeGreaterThan(100);
  });

  it('samples once per time when several symbols close a bar at it', () => {
    const book = new DeskBook({ initialCash: Money.of(10_000, 'USD'), instruments: [instrumentFor('EURUSD'), instrumentFor('GBPUSD')] });
    const policy = new RiskEnginePolicy({ limits });
    for (let i = 0; i < 3; i++) {
      for (const [slot, symbol] of [[0, 'EURUSD'], [1, 'GBPUSD']] as const) {
        book.quote(slot, 1.2, SPREAD, START + i * HOUR);
        policy.observeBar({ symbol, slot, barTime: START + i * HOUR, time: START + (i + 1) * HOUR, open: 1.2, high: 1.2, low: 1.2, close: 1.2, slippage: 0, book });
      }
    }
    expect(policy.riskSummary().valueAtRisk.points.map((point) => point.time)).toEqual([START + HOUR, START + 2 * HOUR, START + 3 * HOUR]);
  });

  it('samples nothing for a position held from the first bar, before two closes make a return', () => {
    const { policy, book, feed } = setup(limits);
    book.quote(0, closeAt(0), SPREAD, START);
    hold(book, 'buy', '1', START);
    feed(1);
    expect(policy.riskSummary().valueAtRisk.points).toEqual([]);
  });

  it('gives the VaR of an account with no equity left no fraction of it', () => {
    const { policy, book, feed } = setup(limits);
    feed(1);
    hold(book, 'buy', '10', START + HOUR);
    feed(20);
    // The 22nd bar closes 100 pips under the entry: 10 lots lose the whole 10,000 USD.
    const crash = closeAt(0) - 0.01;
    book.quote(0, crash, SPREAD, START + 21 * HOUR);
    policy.observeBar({ symbol: 'EURUSD', slot: 0, barTime: START + 21 * HOUR, time: START + 22 * HOUR, open: crash, high: crash + 0.0008, low: crash - 0.0008, close: crash, slippage: 0, book });
    expect(book.equity().toFixed(2)).toMatch(/^-?0\.00$/);
    const point = policy.riskSummary().valueAtRisk.points.at(-1);
    expect(point).toEqual({ time: START + 22 * HOUR, value: expect.any(Number), fractionOfEquity: 0 });
    // 21 returns, one of them the 100-pip crash, on 1,000,000 EUR: a VaR well above zero, but no equity to measure it against.
    expect(point?.value).toBeGreaterThan(100);
  });
});

describe('risk-engine policy: the volatility it watches', () => {
  it('feeds each bar’s ATR to the volatility breaker: a bar far wider than the ones before trips it', () => {
    // A 3-bar ATR measured against the 10 before it.
    const { policy, book, feed } = setup(parseRiskLimits({ breakers: { volatilityWindow: 10 } }), { atrPeriod: 3 });
    feed(15);
    expect(policy.tradingState()).toBe('ACTIVE');
    // Bar 15 spans 100 pips where the walk's bars span about 16.
    const close = closeAt(15);
    book.quote(0, close, SPREAD, START + 15 * HOUR);
    policy.observeBar({ symbol: 'EURUSD', slot: 0, barTime: START + 15 * HOUR, time: START + 16 * HOUR, open: close, high: close + 0.005, low: close - 0.005, close, slippage: 0, book });
    expect(policy.tradingState()).toBe('REDUCING');
    expect(policy.stateCause()).toMatchObject({ code: 'VOLATILITY_SPIKE', since: START + 16 * HOUR, until: null });
  });
});

describe('risk-engine policy: the risk a fill really took', () => {
  it('judges a fill at the limit to the cent as within it, and 0.25 USD over it as a breach, logged at the policy’s clock', () => {
    const { policy, book, feed, now, parsed } = setup();
    feed(3);
    // The limit is 1 % of 10,000 = 100 USD; 0.25 lots over 40 pips risk exactly 100, over 40.1 pips 100.25.
    const fill = { strategy: 'test', symbol: 'EURUSD', orderId: 'o1', side: 'buy' as const, lots: 0.25, price: 1.1, stopLoss: 1.096, time: now() - HOUR, book };
    policy.onEntryFilled(fill);
    policy.onEntryFilled({ ...fill, orderId: 'o2', stopLoss: 1.09599 });
    const risks = parsed().filter((line) => line['event'] === 'fill-risk');
    expect(risks).toEqual([
      { event: 'fill-risk', time: now(), strategy: 'test', symbol: 'EURUSD', orderId: 'o1', lots: 0.25, price: 1.1, stopLoss: 1.096, risk: 100, limit: 100, ratio: 1, breach: false },
      { event: 'fill-risk', time: now(), strategy: 'test', symbol: 'EURUSD', orderId: 'o2', lots: 0.25, price: 1.1, stopLoss: 1.09599, risk: 100.25, limit: 100, ratio: 1.0025, breach: true },
    ]);
    expect(policy.riskSummary().fillRisk).toEqual({ fills: 2, breaches: 1, maxRatio: 1.0025 });
  });

  it('converts the risk of a fill into the account currency at the fill price', () => {
    const lines = new MemoryDecisionSink();
    const book = new DeskBook({ initialCash: Money.of(10_000, 'USD'), instruments: [instrumentFor('USDJPY')] });
    const policy = new RiskEnginePolicy({ limits: DEFAULT_RISK_LIMITS, decisions: lines });
    // 0.2 lots over 50 pips (0.5 JPY) risk 10,000 JPY: at 150 JPY per USD, 66.67 USD of the 100 USD limit.
    policy.onEntryFilled({ strategy: 'test', symbol: 'USDJPY', orderId: 'o1', side: 'buy', lots: 0.2, price: 150, stopLoss: 149.5, time: START, book });
    expect(JSON.parse(lines.lines[0])).toMatchObject({ event: 'fill-risk', risk: 66.67, limit: 100, ratio: 0.666667, breach: false });
  });

  it('counts the risk of fills without a decision log', () => {
    const book = new DeskBook({ initialCash: Money.of(10_000, 'USD'), instruments: [instrumentFor('EURUSD')] });
    const policy = new RiskEnginePolicy({ limits: DEFAULT_RISK_LIMITS });
    // 0.25 lots over 50 pips: 125 USD against the 100 USD limit.
    policy.onEntryFilled({ strategy: 'test', symbol: 'EURUSD', orderId: 'o1', side: 'buy', lots: 0.25, price: 1.1, stopLoss: 1.095, time: START, book });
    expect(policy.riskSummary().fillRisk).toEqual({ fills: 1, breaches: 1, maxRatio: 1.25 });
  });

  it('takes a fill on an account with no equity left as infinitely over its limit, even one with no risk', () => {
    const { policy, book, parsed } = setup();
    // 0.4 lots bought at 1.5 and marked at 1.25 lose exactly the 10,000 USD (binary fractions: no rounding).
    book.quote(0, 1.5, SPREAD, START);
    hold(book, 'buy', '0.4', START);
    book.quote(0, 1.25, SPREAD, START + HOUR);
    expect(book.equity()).toBe(0);
    // Filled at its stop: no risk, against a limit of nothing.
    const fill = { strategy: 'test', symbol: 'EURUSD', orderId: 'o1', side: 'buy' as const, lots: 0.1, price: 1.25, stopLoss: 1.25, time: START + HOUR, book };
    policy.onEntryFilled(fill);
    expect(policy.riskSummary().fillRisk).toEqual({ fills: 1, breaches: 0, maxRatio: Number.POSITIVE_INFINITY });
    // Below nothing: 2,000 USD in debt, and 10 pips on 0.1 lots (10 USD) over the negative limit.
    book.quote(0, 1.2, SPREAD, START + 2 * HOUR);
    policy.onEntryFilled({ ...fill, orderId: 'o2', price: 1.2, stopLoss: 1.199, time: START + 2 * HOUR });
    const risks = parsed().filter((line) => line['event'] === 'fill-risk');
    // JSON has no Infinity: the log writes the ratio as null.
    expect(risks.map((line) => [line['risk'], line['limit'], line['ratio'], line['breach']])).toEqual([
      [0, 0, null, false],
      [10, -20, null, true],
    ]);
    expect(policy.riskSummary().fillRisk).toEqual({ fills: 2, breaches: 1, maxRatio: Number.POSITIVE_INFINITY });
  });
});

describe('risk-engine policy: the sizing decision it hands the desk', () => {
  it('says when the VaR limit downsized the order, and attaches the signal’s stop and target', () => {
    // A VaR limit of 0.1 % of 10,000 (10 USD) on 29 returns of the walk shrinks the 0.05 lots the stop allows.
    const { policy, book, feed, now } = setup(parseRiskLimits({ var: { minObservations: 20, maxFractionOfEquity: 0.001 } }));
    feed(30);
    const signal = { ...entrySignal(now()), takeProfit: 1.12 };
    const decision = policy.size({ signal, signalId: 's', decisionId: 'd', clientOrderId: 'o', instrument: book.instruments[0], equity: book.cash, entryPrice: book.bid(0), quoteToAccount: new ExactDecimal(1), time: now(), book, closing: Quantity.of(0) });
    expect({ ...decision, checks: decision.checks?.length }).toEqual({
      quantity: Quantity.of('0.02'),
      reason: 'risk engine approved 0.02 lots (downsized from 0.05)',
      downsizedFrom: '0.05',
      equity: '10000',
      stopLoss: 1.09,
      takeProfit: 1.12,
      checks: 16,
    });
  });

  it('sizes a sell as a SELL, its stop above the entry', () => {
    const { policy, book, feed, now, parsed } = setup(parseRiskLimits({ var: { minObservations: 20 } }));
    feed(30);
    const signal: SignalGenerated = { ...entrySignal(now()), side: 'sell', stopLoss: 1.11 };
    const decision = policy.size({ signal, signalId: 's', decisionId: 'd', clientOrderId: 'o', instrument: book.instruments[0], equity: book.cash, entryPrice: book.bid(0), quoteToAccount: new ExactDecimal(1), time: now(), book, closing: Quantity.of(0) });
    expect(decision.quantity.isZero()).toBe(false);
    const line = parsed().filter((l) => l['event'] === 'risk-decision').at(-1) as { side: string; order: { side: string; stopPrice: number } };
    expect([line.side, line.order.side, line.order.stopPrice]).toEqual(['SELL', 'SELL', 1.11]);
  });

  it('carries neither a downsize nor a target it does not have, and names a rejection by its rule’s code', () => {
    const { policy, book, feed, now } = setup();
    feed(3);
    const ask = (stopLoss: number) =>
      policy.size({ signal: { ...entrySignal(now()), stopLoss }, signalId: 's', decisionId: 'd', clientOrderId: 'o', instrument: book.instruments[0], equity: book.cash, entryPrice: book.bid(0), quoteToAccount: new ExactDecimal(1), time: now(), book, closing: Quantity.of(0) });
    const rejected = ask(1.09);
    // Three bars are no history for VaR.
    expect(rejected).toMatchObject({ code: 'INSUFFICIENT_HISTORY', equity: '10000' });
    expect(rejected.reason).toMatch(/^risk engine rejected: INSUFFICIENT_HISTORY: /);
    expect(rejected.quantity.isZero()).toBe(true);
    expect('downsizedFrom' in rejected).toBe(false);
    expect('takeProfit' in rejected).toBe(false);
  });

  it('hands on an approved entry without a target it was not given, and logs it as a market order', () => {
    const { policy, book, feed, now, parsed } = setup(parseRiskLimits({ var: { minObservations: 20 } }));
    feed(30);
    const decision = policy.size({ signal: entrySignal(now()), signalId: 's', decisionId: 'd', clientOrderId: 'o', instrument: book.instruments[0], equity: book.cash, entryPrice: book.bid(0), quoteToAccount: new ExactDecimal(1), time: now(), book, closing: Quantity.of(0) });
    expect(decision.quantity.isZero()).toBe(false);
    expect(decision.stopLoss).toBe(1.09);
    expect('takeProfit' in decision).toBe(false);
    const line = parsed().filter((l) => l['event'] === 'risk-decision').at(-1) as { order: { entryType: string; targetPrice: number | null } };
    expect([line.order.entryType, line.order.targetPrice]).toEqual(['MARKET', null]);
  });
});
