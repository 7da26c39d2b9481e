// The engine's decision flow with scripted rules, so that each step is seen
// alone: a first-pass denial, a downsize to the smallest proposal and its
// re-check (size-dependent rules only), a second shrink refused, reduce-only
// worked out again on the shrunk size, and the fields of the order proposed.
//
// Every entry here is sized by the default 0.5 % of 100,000 USD over a stop
// 20 pips under the 1.1 mid, entered at the ask half a pip above it:
// 500 / (0.00205 × 100,000) = 2.439 → 2.43 lots.
import { ManualClock, Quantity } from '@trading/domain';
import { RiskEngine } from './risk-engine';
import type { RuleVerdict, TradeRequest } from './risk.types';
import type { RiskRule, RuleContext } from './rules/risk-rule';
import { marketAt, portfolioOf, positionOf, signalOf } from './testing/risk.builders';

const NOW = Date.UTC(2026, 0, 21, 12);
const market = marketAt(NOW, { EURUSD: 1.1 });
const ASK = market.quotes['EURUSD'].ask;
const entry = (extra: Partial<TradeRequest> = {}): TradeRequest => signalOf('e1', 'EURUSD', 'BUY', { stopPrice: 1.098, ...extra });

/** A rule that records the sizes it saw and answers with `verdict(size)`. */
function scripted(code: string, sizeDependent: boolean, verdict: (size: string, context: RuleContext) => RuleVerdict): RiskRule & { seen: string[] } {
  const seen: string[] = [];
  return {
    code,
    sizeDependent,
    seen,
    check(context) {
      seen.push(context.order.size.toString());
      return verdict(context.order.size.toString(), context);
    },
  };
}

const passes = (code: string, sizeDependent = false) => scripted(code, sizeDependent, (size) => ({ code, pass: true, detail: `${code} saw ${size}` }));
/** Asks for `to` lots while the order is larger. */
const shrinksTo = (code: string, to: string) =>
  scripted(code, true, (size) => (Number(size) > Number(to) ? { code, pass: true, detail: `${code} wants ${to}`, downsizeTo: Quantity.of(to) } : { code, pass: true, detail: `${code} saw ${size}` }));

function decide(rules: readonly RiskRule[], signal: TradeRequest = entry(), positions = portfolioOf(100_000)) {
  return new RiskEngine({ clock: new ManualClock(NOW), rules }).decide({ signal, portfolio: positions, market, history: null });
}

describe('risk engine: downsizing', () => {
  it('shrinks to the smallest size proposed, re-checks only the size-dependent rules, and keeps the others’ first verdicts', () => {
    const fixed = passes('FIXED');
    const wide = shrinksTo('WIDE', '1.5');
    const narrow = shrinksTo('NARROW', '1.2');
    const decision = decide([fixed, wide, narrow]);
    expect(decision).toMatchObject({ decision: 'approved', reason: null, message: null, size: '1.2', downsizedFrom: '2.43' });
    expect(decision.order?.size.toString()).toBe('1.2');
    expect(decision.proposed?.size.toString()).toBe('2.43');
    expect(fixed.seen).toEqual(['2.43']);
    expect(wide.seen).toEqual(['2.43', '1.2']);
    expect(narrow.seen).toEqual(['2.43', '1.2']);
    expect(decision.checks).toEqual([
      { code: 'FIXED', pass: true, detail: 'FIXED saw 2.43' },
      { code: 'WIDE', pass: true, detail: 'WIDE saw 1.2' },
      { code: 'NARROW', pass: true, detail: 'NARROW saw 1.2' },
    ]);
  });

  it('takes the smallest proposal whichever rule comes first', () => {
    expect(decide([shrinksTo('NARROW', '1.2'), shrinksTo('WIDE', '1.5')]).size).toBe('1.2');
    expect(decide([shrinksTo('WIDE', '1.5'), shrinksTo('NARROW', '1.2')]).size).toBe('1.2');
  });

  it('does not downsize an order a rule denies on the first pass', () => {
    const wide = shrinksTo('WIDE', '1.5');
    const decision = decide([wide, scripted('NO', false, () => ({ code: 'NO', pass: false, reason: 'NOPE', message: 'not this one' }))]);
    expect(decision).toMatchObject({ decision: 'rejected', reason: 'NOPE', message: 'not this one', size: '2.43', order: null, downsizedFrom: null });
    expect(decision.proposed?.size.toString()).toBe('2.43');
    expect(wide.seen).toEqual(['2.43']);
  });

  it('rejects the shrunk order when a re-checked rule denies it', () => {
    const floor = scripted('FLOOR', true, (size) => (Number(size) < 2 ? { code: 'FLOOR', pass: false, reason: 'TOO_SMALL', message: `${size} is too small` } : { code: 'FLOOR', pass: true, detail: 'big enough' }));
    const decision = decide([floor, shrinksTo('WIDE', '1.5')]);
    expect(decision).toMatchObject({ decision: 'rejected', reason: 'TOO_SMALL', message: '1.5 is too small', size: '1.5', order: null, downsizedFrom: '2.43' });
    expect(decision.checks.map((check) => check.pass)).toEqual([false, true]);
  });

  it('rejects an order a rule asks to shrink again on the re-check', () => {
    const greedy = scripted('GREEDY', true, (size) => ({ code: 'GREEDY', pass: true, detail: `less than ${size}`, downsizeTo: Quantity.of((Number(size) - 0.1).toFixed(2)) }));
    const decision = decide([greedy]);
    expect(decision).toMatchObject({ decision: 'rejected', reason: 'GREEDY', message: 'GREEDY asked to shrink the order again: less than 2.33', size: '2.33', order: null, downsizedFrom: '2.43' });
  });

  it('works reduce-only out again on the shrunk size: against a 2-lot short, 2 lots bought only close it, 2.01 would flip it', () => {
    const short = portfolioOf(100_000, { positions: [positionOf('EURUSD', 'SELL', 2, 1.1)] });
    const closes = decide([shrinksTo('TO_HELD', '2')], entry(), short);
    expect(closes.proposed?.reduceOnly).toBe(false);
    expect(closes.order).toMatchObject({ reduceOnly: true });
    expect(closes.order?.size.toString()).toBe('2');
    expect(decide([shrinksTo('OVER', '2.01')], entry(), short).order).toMatchObject({ reduceOnly: false });
    // Against a long, or with nothing held, a buy is never reduce-only.
    const long = portfolioOf(100_000, { positions: [positionOf('EURUSD', 'BUY', 2, 1.1)] });
    expect(decide([shrinksTo('TO_HELD', '2')], entry(), long).order).toMatchObject({ reduceOnly: false });
    expect(decide([shrinksTo('TO_HELD', '2')]).order).toMatchObject({ reduceOnly: false });
  });
});

describe('risk engine: the order proposed', () => {
  it('carries the request’s ids, a market entry at the ask with the sized stop, and no target', () => {
    const decision = decide([], entry({ signalId: 'message-7' }));
    expect(decision).toMatchObject({ signalId: 'message-7', strategy: 'test-strategy', side: 'BUY', state: 'ACTIVE', equity: '100000', time: NOW, checks: [] });
    expect(decision.order).toEqual({
      clientOrderId: entry().clientOrderId,
      signalId: 'e1',
      strategy: 'test-strategy',
      symbol: 'EURUSD',
      side: 'BUY',
      size: Quantity.of('2.43'),
      entryType: 'MARKET',
      entryPrice: ASK,
      stopPrice: 1.098,
      targetPrice: null,
      reduceOnly: false,
    });
    expect(decide([]).signalId).toBe('e1');
  });

  it('keeps a limit entry’s type and a target', () => {
    const decision = decide([], entry({ entryType: 'LIMIT', entryPrice: 1.1, targetPrice: 1.11 }));
    expect(decision.order).toMatchObject({ entryType: 'LIMIT', entryPrice: 1.1, targetPrice: 1.11 });
  });

  it('refuses an exit on the side that would add to the position', () => {
    const long = portfolioOf(100_000, { positions: [positionOf('EURUSD', 'BUY', 1, 1.1)] });
    const decision = decide([passes('ANY')], signalOf('x1', 'EURUSD', 'BUY', { kind: 'exit' }), long);
    expect(decision).toEqual({
      time: NOW,
      symbol: 'EURUSD',
      signalId: 'x1',
      strategy: 'test-strategy',
      side: 'BUY',
      state: 'ACTIVE',
      equity: '100000',
      decision: 'rejected',
      reason: 'INVALID_SIGNAL',
      message: 'exit signal x1 is BUY but closing the EURUSD position needs SELL',
      size: '0',
      order: null,
      proposed: null,
      sizing: null,
      downsizedFrom: null,
      checks: [],
    });
  });

  it('closes a short with a buy at the ask, and prices nothing without a quote', () => {
    const short = portfolioOf(100_000, { positions: [positionOf('EURUSD', 'SELL', '0.7', 1.1), positionOf('GBPUSD', 'SELL', '0.2', 1.25)] });
    const exit = decide([], signalOf('x1', 'EURUSD', 'BUY', { kind: 'exit' }), short);
    expect(exit.order).toMatchObject({ side: 'BUY', size: Quantity.of('0.7'), entryPrice: ASK, reduceOnly: true, stopPrice: null, targetPrice: null });
    const unquoted = decide([], signalOf('x2', 'GBPUSD', 'BUY', { kind: 'exit' }), short);
    expect(unquoted.order).toMatchObject({ side: 'BUY', entryPrice: null });
  });

  it('closes a long with a sell at the bid', () => {
    const long = portfolioOf(100_000, { positions: [positionOf('EURUSD', 'BUY', '0.4', 1.1)] });
    const exit = decide([], signalOf('x1', 'EURUSD', 'SELL', { kind: 'exit' }), long);
    expect(exit.order).toMatchObject({ side: 'SELL', size: Quantity.of('0.4'), entryPrice: market.quotes['EURUSD'].bid, reduceOnly: true });
  });

  it('refuses an exit with nothing to close, naming the signal and the symbol', () => {
    const decision = decide([passes('ANY')], signalOf('x1', 'EURUSD', 'SELL', { kind: 'exit' }));
    expect(decision).toMatchObject({ decision: 'rejected', reason: 'NO_POSITION', message: 'exit signal x1: test-strategy holds no EURUSD position to close', size: '0', order: null, sizing: null, checks: [] });
  });

  it('keeps the sizing that came out below the minimum deal size on the rejection', () => {
    // 0.5 % of 1,000 USD over a stop 0.1 under the ask: 5 / (0.1 × 100,000) = 0.0005 lots, floored to 0.
    const decision = decide([passes('ANY')], entry({ stopPrice: 1.00005 }), portfolioOf(1_000));
    expect(decision).toMatchObject({ decision: 'rejected', reason: 'SIZE_BELOW_MINIMUM', message: 'sized 0 lots of EURUSD, below the minimum deal size 0.01', size: '0', order: null, proposed: null });
    expect(decision.sizing).toEqual({
      equity: '1000',
      riskFraction: 0.005,
      riskFractionSource: 'fixed',
      confidenceMultiplier: 1,
      regimeMultiplier: 1,
      riskAmount: '5',
      entryPrice: ASK,
      expectedEntryCost: 0,
      stopPrice: 1.00005,
      stopSource: 'signal',
      stopDistance: 0.1,
      valuePerPriceUnitPerLot: '100000',
      rawLots: '0.0005',
      lots: '0',
    });
  });
});
