// Properties over random signal sequences and price paths (fast-check): no
// approved order breaches a limit; when HALTED only flattening passes; when
// REDUCING nothing adds exposure. Approved orders fill at once into a netted
// portfolio, so later decisions see the positions earlier ones created. Every
// limit is re-measured here independently of the rule that enforces it.
import fc from 'fast-check';
import { instrumentFor, ManualClock, Money, Quantity } from '@trading/domain';
import { parseRiskLimits } from './limits.config';
import { historicalVar } from './measures/historical-var';
import { conversionRate } from './portfolio/currency-rates';
import { RiskEngine } from './risk-engine';
import { DEFAULT_RISK_RULES } from './rules';
import type { MarketState, OrderProposal, Position, RiskDecision, Side } from './risk.types';
import { marketAt, portfolioOf } from './testing/risk.builders';
import { FX_2025_SYMBOLS, fxReturnHistory } from './testing/shared-fx-returns';

const { history, lastClose } = fxReturnHistory(500);
const SYMBOLS = FX_2025_SYMBOLS;
const START = Date.UTC(2026, 0, 21, 12);
const LIMITS = parseRiskLimits({
  maxPositionLots: 3,
  maxOpenPositions: 3,
  maxGrossLeverage: 6,
  maxNetLeverage: 4,
  maxCurrencyLeverage: 3,
  maxRiskPerTrade: 0.01,
  maxOpenRisk: 0.03,
  maxMarginUsage: 0.2,
  var: { maxFractionOfEquity: 0.02 },
  correlation: { threshold: 0.7, maxCorrelatedPositions: 1 },
  sizing: { riskPerTrade: 0.005 },
  orderRate: { perStrategyPerSecond: 1, perStrategyPerMinute: 4 },
  breakers: { consecutiveLosses: 3, cooldownMinutes: 180, brokerRejections: 3, volatilityWindow: 10 },
});

type Step =
  | { kind: 'signal'; symbol: number; side: Side; exit: boolean; stopPips: number | null; probability: number | null; spreadPips: number; stale: boolean; strategy: number }
  | { kind: 'move'; returns: number[] }
  | { kind: 'loss' }
  | { kind: 'win' }
  | { kind: 'rejection' }
  | { kind: 'atr'; symbol: number; atrPips: number }
  | { kind: 'kill' }
  | { kind: 'resume' }
  | { kind: 'equity'; change: number };

const stepArbitrary: fc.Arbitrary<{ step: Step; advanceMs: number }> = fc.record({
  advanceMs: fc.integer({ min: 0, max: 900_000 }),
  step: fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({
        kind: fc.constant('signal' as const),
        symbol: fc.integer({ min: 0, max: SYMBOLS.length - 1 }),
        side: fc.constantFrom<Side>('BUY', 'SELL'),
        exit: fc.integer({ min: 0, max: 3 }).map((v) => v === 0),
        stopPips: fc.option(fc.integer({ min: 2, max: 120 }), { nil: null }),
        probability: fc.option(fc.double({ min: 0.45, max: 1, noNaN: true }), { nil: null, freq: 2 }),
        spreadPips: fc.constantFrom(0.5, 1, 1, 2, 2, 4),
        stale: fc.integer({ min: 0, max: 9 }).map((v) => v === 0),
        strategy: fc.integer({ min: 0, max: 2 }),
      }),
    },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('move' as const), returns: fc.array(fc.double({ min: -0.006, max: 0.006, noNaN: true }), { minLength: 6, maxLength: 6 }) }) },
    { weight: 2, arbitrary: fc.constant({ kind: 'loss' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'win' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'rejection' as const }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('atr' as const), symbol: fc.integer({ min: 0, max: 5 }), atrPips: fc.double({ min: 5, max: 60, noNaN: true }) }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 }).map((v) => ({ kind: v === 0 ? ('kill' as const) : ('resume' as const) })) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('equity' as const), change: fc.double({ min: -0.04, max: 0.03, noNaN: true }) }) },
  ),
});

interface Book {
  lots: number;
  entry: number;
  stop: number | undefined;
}

/** Outcomes seen across all runs, so the test can show it exercised what it claims. */
const tally = new Map<string, number>();
const count = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);

function run(steps: readonly { step: Step; advanceMs: number }[], rules = DEFAULT_RISK_RULES): void {
  const clock = new ManualClock(START);
  const engine = new RiskEngine({ clock, limits: LIMITS, rules });
  const mids: Record<string, number> = { ...lastClose };
  const books = new Map<string, Book>();
  let equity = 100_000;
  let signalCount = 0;
  const portfolio = () =>
    portfolioOf(equity.toFixed(2), {
      peakEquity: 100_000,
      positions: [...books.entries()]
        .filter(([, book]) => book.lots !== 0)
        .map(([symbol, book]): Position => ({ symbol, side: book.lots > 0 ? 'BUY' : 'SELL', size: Quantity.of(Math.abs(book.lots).toFixed(2)), entryPrice: book.entry, stopPrice: book.stop })),
    });

  for (const { step, advanceMs } of steps) {
    clock.advance(advanceMs);
    switch (step.kind) {
      case 'move':
        SYMBOLS.forEach((symbol, i) => (mids[symbol] *= 1 + step.returns[i]));
        break;
      case 'loss':
        engine.recordTradeResult(Money.of(-25, 'USD'));
        break;
      case 'win':
        engine.recordTradeResult(Money.of(40, 'USD'));
        break;
      case 'rejection':
        engine.recordBrokerRejection('REJECTED');
        break;
      case 'atr':
        engine.observeAtr(SYMBOLS[step.symbol], step.atrPips * 0.0001);
        break;
      case 'kill': {
        const result = engine.killSwitch(portfolio(), marketAt(clock.now(), mids), 'property test');
        expect(engine.state).toBe('HALTED');
        for (const order of result.flattenOrders) expect(Math.abs(books.get(order.symbol)?.lots ?? 0)).toBeCloseTo(order.size.toNumber(), 9);
        break;
      }
      case 'resume':
        engine.resume(portfolio(), 'property test');
        break;
      case 'equity':
        equity = Math.max(1000, equity * (1 + step.change));
        engine.observePortfolio(portfolio());
        break;
      case 'signal': {
        // Exits mostly aim at something held (the first held symbol when the drawn one is flat).
        const drawn = SYMBOLS[step.symbol];
        const firstHeld = [...books.entries()].find(([, book]) => book.lots !== 0)?.[0];
        const symbol = step.exit && (books.get(drawn)?.lots ?? 0) === 0 && firstHeld !== undefined ? firstHeld : drawn;
        const market = marketAt(clock.now(), mids, { spreadPips: step.spreadPips, quoteTime: step.stale ? clock.now() - 3 * 3_600_000 : clock.now() });
        const direction = step.side === 'BUY' ? 1 : -1;
        const stopPrice = step.stopPips === null ? undefined : mids[symbol] - direction * step.stopPips * 0.0001;
        // An exit names the closing side when there is something to close.
        const held = books.get(symbol)?.lots ?? 0;
        const side: Side = step.exit && held !== 0 ? (held > 0 ? 'SELL' : 'BUY') : step.side;
        const id = `p-${signalCount++}`;
        const signal = {
          id,
          clientOrderId: `order-${id}`,
          strategy: `s${step.strategy}`,
          symbol,
          side,
          kind: step.exit ? ('exit' as const) : ('entry' as const),
          ...(stopPrice === undefined ? {} : { stopPrice }),
          ...(step.probability === null ? {} : { probability: step.probability }),
        };
        const before = portfolio();
        const decision = engine.decide({ signal, portfolio: before, market, history });
        count(`${decision.state}:${decision.decision}${decision.order?.reduceOnly ? ':reducing' : ''}`);
        if (decision.reason) count(decision.reason);
        if (decision.downsizedFrom) count('downsized');
        if (decision.decision === 'approved' && decision.order) {
          checkApproved(decision, decision.order, books, market, equity);
          fill(books, decision.order);
        } else {
          expect(decision.order).toBeNull();
          expect(decision.reason).toEqual(expect.any(String));
        }
        break;
      }
    }
  }
}

function fill(books: Map<string, Book>, order: OrderProposal): void {
  const book = books.get(order.symbol) ?? { lots: 0, entry: 0, stop: undefined };
  const signed = (order.side === 'BUY' ? 1 : -1) * order.size.toNumber();
  const after = Math.round((book.lots + signed) * 100) / 100;
  if (Math.sign(after) !== Math.sign(book.lots) || book.lots === 0) {
    book.entry = order.entryPrice ?? book.entry;
    book.stop = order.stopPrice ?? undefined;
  }
  book.lots = after;
  books.set(order.symbol, book);
}

function checkApproved(decision: RiskDecision, order: OrderProposal, books: Map<string, Book>, market: MarketState, equity: number): void {
  const held = books.get(order.symbol)?.lots ?? 0;
  const signed = (order.side === 'BUY' ? 1 : -1) * order.size.toNumber();
  const after = Math.round((held + signed) * 100) / 100;
  const reduces = held !== 0 && Math.sign(held) !== Math.sign(signed) && Math.abs(signed) <= Math.abs(held);
  expect(order.reduceOnly).toBe(reduces);
  // The order carries the client order id the desk derived for the request.
  expect(order.clientOrderId).toBe(`order-${decision.signalId}`);

  if (decision.state === 'HALTED') expect(reduces && after === 0).toBe(true);
  if (decision.state === 'REDUCING') expect(reduces).toBe(true);
  if (reduces) return;

  const instrument = instrumentFor(order.symbol);
  const quote = market.quotes[order.symbol];
  expect(order.size.toNumber()).toBeGreaterThanOrEqual(instrument.minLots);
  expect(Math.abs(after)).toBeLessThanOrEqual(LIMITS.maxPositionLots);
  expect((quote.ask - quote.bid) / instrument.pipSize).toBeLessThanOrEqual(LIMITS.maxSpreadPips + 1e-9);
  expect(order.stopPrice).not.toBeNull();
  const stopDistance = Math.abs((order.entryPrice ?? Number.NaN) - (order.stopPrice ?? Number.NaN));
  expect(stopDistance / instrument.pipSize).toBeGreaterThanOrEqual(LIMITS.minStopPips - 1e-6);
  const quoteToUsd = conversionRate(instrument.quote, 'USD', market.quotes);
  expect(order.size.toNumber() * instrument.contractSize * stopDistance * quoteToUsd).toBeLessThanOrEqual(LIMITS.maxRiskPerTrade * equity + 0.01);

  const lotsAfter = new Map([...books.entries()].map(([symbol, book]) => [symbol, book.lots]));
  lotsAfter.set(order.symbol, after);
  const open = [...lotsAfter.values()].filter((lots) => lots !== 0).length;
  expect(open).toBeLessThanOrEqual(LIMITS.maxOpenPositions);

  const notional = (symbol: string, lots: number) => lots * 100_000 * conversionRate(instrumentFor(symbol).base, 'USD', market.quotes);
  const gross = (lots: Map<string, number>) => [...lots.entries()].reduce((sum, [symbol, l]) => sum + Math.abs(notional(symbol, l)), 0);
  const grossBefore = gross(new Map([...books.entries()].map(([symbol, book]) => [symbol, book.lots])));
  const grossAfter = gross(lotsAfter);
  expect(grossAfter <= LIMITS.maxGrossLeverage * equity + 1e-6 || grossAfter <= grossBefore).toBe(true);
  const net = (lots: Map<string, number>) => Math.abs([...lots.entries()].reduce((sum, [symbol, l]) => sum + notional(symbol, l), 0));
  const netBefore = net(new Map([...books.entries()].map(([symbol, book]) => [symbol, book.lots])));
  expect(net(lotsAfter) <= LIMITS.maxNetLeverage * equity + 1e-6 || net(lotsAfter) <= netBefore).toBe(true);

  // Margin: grows only within the limit.
  const margin = (lots: Map<string, number>) => [...lots.entries()].reduce((sum, [symbol, l]) => sum + Math.abs(notional(symbol, l)) * instrumentFor(symbol).marginFactor, 0);
  const marginBefore = margin(new Map([...books.entries()].map(([symbol, book]) => [symbol, book.lots])));
  expect(margin(lotsAfter) <= LIMITS.maxMarginUsage * equity + 0.01 || margin(lotsAfter) <= marginBefore).toBe(true);

  // Open risk: every held position from the mid to its stop, plus the order from entry to stop.
  let openRisk = order.size.toNumber() * instrument.contractSize * stopDistance * quoteToUsd;
  for (const [symbol, book] of books) {
    if (book.lots === 0) continue;
    const held = instrumentFor(symbol);
    const q = market.quotes[symbol];
    const distance = book.stop === undefined ? LIMITS.sizing.atrStopMultiple * market.atr[symbol] : Math.max(0, (((q.bid + q.ask) / 2 - book.stop) * Math.sign(book.lots)));
    openRisk += Math.abs(book.lots) * held.contractSize * distance * conversionRate(held.quote, 'USD', market.quotes);
  }
  expect(openRisk).toBeLessThanOrEqual(LIMITS.maxOpenRisk * equity + 0.01);

  // Fresh data only.
  expect(decision.time - quote.time).toBeLessThanOrEqual(LIMITS.breakers.staleDataMs);

  const weights = new Float64Array(history.symbols.length);
  for (const [symbol, lots] of lotsAfter) weights[history.indexOf(symbol)] = notional(symbol, lots);
  expect(historicalVar(history, weights, LIMITS.var).valueAtRisk).toBeLessThanOrEqual(LIMITS.var.maxFractionOfEquity * equity + 1e-6);
}

describe('risk engine properties', () => {
  it('never approves an order that breaches a limit, adds exposure when REDUCING, or does more than flatten when HALTED', () => {
    fc.assert(
      fc.property(fc.array(stepArbitrary, { minLength: 5, maxLength: 50 }), (steps) => run(steps)),
      { numRuns: 2000, seed: 20260121 },
    );
    // The sequences reached every state, approved and refused in each, and hit the limits.
    for (const key of ['ACTIVE:approved', 'ACTIVE:rejected', 'REDUCING:approved:reducing', 'REDUCING:rejected', 'HALTED:approved:reducing', 'HALTED:rejected']) {
      expect(`${key} ${Math.min(tally.get(key) ?? 0, 5)}`).toBe(`${key} 5`);
    }
    const reasons = ['MAX_POSITION_SIZE', 'MAX_OPEN_POSITIONS', 'VAR_LIMIT', 'TRADING_HALTED', 'TRADING_REDUCING', 'STALE_MARKET_DATA', 'MAX_SPREAD', 'ORDER_RATE'];
    expect(reasons.filter((reason) => !((tally.get(reason) ?? 0) > 0))).toEqual([]);
    expect([...tally.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(10_000);
  }, 120_000);

  it('catches a broken engine: without the position-size and VaR rules the same property fails', () => {
    const weakened = DEFAULT_RISK_RULES.filter((rule) => rule.code !== 'MAX_POSITION_SIZE' && rule.code !== 'PORTFOLIO_VAR');
    expect(() => fc.assert(fc.property(fc.array(stepArbitrary, { minLength: 5, maxLength: 60 }), (steps) => run(steps, weakened)), { numRuns: 300, seed: 20260121 })).toThrow();
  });
});
