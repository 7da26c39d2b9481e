// The rules that measure an order by its stop, called directly on an order
// the engine's sizing never lets through (it always sets a stop and values it),
// so each rule's own refusal is seen: an order without a stop or an entry
// price, and a stop whose loss cannot be valued in the account currency. And
// through the engine, an open position whose risk cannot be measured.
import { Quantity } from '@trading/domain';
import { parseRiskLimits } from '../limits.config';
import { PortfolioView } from '../portfolio/portfolio-view';
import type { MarketState, OrderProposal, PortfolioSnapshot } from '../risk.types';
import { initialRiskMemory } from '../state/risk-memory';
import { marketAt, portfolioOf, positionOf, signalOf } from '../testing/risk.builders';
import { decideAlone, EQUITY, expectRejected, RULE_TIME, sizedEntry } from '../testing/single-rule';
import { maxOpenRiskRule } from './max-open-risk.rule';
import { maxRiskPerTradeRule } from './max-risk-per-trade.rule';
import { minStopDistanceRule } from './min-stop-distance.rule';
import type { RuleContext } from './risk-rule';

/** The context the engine would build for `order` (1 lot of EURUSD bought at 1.1, stop 1.099, unless told). */
function contextFor(changes: Partial<OrderProposal>, market: MarketState = marketAt(RULE_TIME, { EURUSD: 1.1 }, { spreadPips: 0 }), portfolio: PortfolioSnapshot = portfolioOf(EQUITY)): RuleContext {
  const order: OrderProposal = {
    clientOrderId: 'c1',
    signalId: 'o1',
    strategy: 'test-strategy',
    symbol: 'EURUSD',
    side: 'BUY',
    size: Quantity.of('1'),
    entryType: 'MARKET',
    entryPrice: 1.1,
    stopPrice: 1.099,
    targetPrice: null,
    reduceOnly: false,
    ...changes,
  };
  const limits = parseRiskLimits({});
  const view = new PortfolioView(portfolio, market, limits);
  const book = view.book(order.symbol);
  return {
    time: RULE_TIME,
    signal: signalOf('o1', order.symbol, order.side),
    order,
    signedUnits: (order.side === 'BUY' ? 1 : -1) * Math.round(order.size.toNumber() * 100_000_000),
    book,
    instrument: book.instrument,
    portfolio,
    view,
    market,
    history: null,
    limits,
    state: 'ACTIVE',
    memory: initialRiskMemory(),
    seenSignalIds: new Set(),
    scratch: { weights: new Float64Array(0), losses: new Float64Array(0) },
  };
}

describe('an order without a stop or an entry price', () => {
  const noStop = contextFor({ stopPrice: null });
  const noEntry = contextFor({ entryPrice: null, side: 'SELL', stopPrice: 1.101 });

  it('MAX_RISK_PER_TRADE calls its risk unbounded', () => {
    expect(maxRiskPerTradeRule.check(noStop)).toEqual({ code: 'MAX_RISK_PER_TRADE', pass: false, reason: 'NO_STOP', message: 'BUY EURUSD has no stop, so its risk is unbounded' });
    expect(maxRiskPerTradeRule.check(noEntry)).toEqual({ code: 'MAX_RISK_PER_TRADE', pass: false, reason: 'NO_STOP', message: 'SELL EURUSD has no stop, so its risk is unbounded' });
  });

  it('MAX_OPEN_RISK calls its risk unbounded', () => {
    expect(maxOpenRiskRule.check(noStop)).toEqual({ code: 'MAX_OPEN_RISK', pass: false, reason: 'NO_STOP', message: 'BUY EURUSD has no stop, so its risk is unbounded' });
    expect(maxOpenRiskRule.check(noEntry)).toEqual({ code: 'MAX_OPEN_RISK', pass: false, reason: 'NO_STOP', message: 'SELL EURUSD has no stop, so its risk is unbounded' });
  });

  it('MIN_STOP_DISTANCE finds no stop to measure', () => {
    expect(minStopDistanceRule.check(noStop)).toEqual({ code: 'MIN_STOP_DISTANCE', pass: false, reason: 'NO_STOP', message: 'BUY EURUSD has no stop' });
    expect(minStopDistanceRule.check(noEntry)).toEqual({ code: 'MIN_STOP_DISTANCE', pass: false, reason: 'NO_STOP', message: 'SELL EURUSD has no stop' });
  });

  it('while the same order with both prices is measured (1 lot over 10 pips risks 100.00 USD)', () => {
    const both = contextFor({});
    expect(maxRiskPerTradeRule.check(both)).toEqual({ code: 'MAX_RISK_PER_TRADE', pass: true, detail: 'risk at stop 100.00 of 1000.00 USD', measure: { value: 100, limit: 1000, unit: 'USD' } });
    expect(maxOpenRiskRule.check(both)).toEqual({ code: 'MAX_OPEN_RISK', pass: true, detail: 'open risk 100.00 of 4000.00 USD', measure: { value: 100, limit: 4000, unit: 'USD' } });
    expect(minStopDistanceRule.check(both)).toEqual({ code: 'MIN_STOP_DISTANCE', pass: true, detail: 'stop 10.00 pips from entry', measure: { value: 10, limit: 5, unit: 'pips (minimum)' } });
  });
});

describe('a stop whose loss cannot be valued', () => {
  // EURGBP loses pounds at its stop, and with no GBPUSD quote nothing converts pounds into dollars.
  const blindPounds = contextFor({ symbol: 'EURGBP', entryPrice: 0.88, stopPrice: 0.879 }, marketAt(RULE_TIME, { EURGBP: 0.88, EURUSD: 1.1 }, { spreadPips: 0 }));

  it('is refused by MAX_RISK_PER_TRADE and MAX_OPEN_RISK', () => {
    expect(maxRiskPerTradeRule.check(blindPounds)).toEqual({ code: 'MAX_RISK_PER_TRADE', pass: false, reason: 'NO_CONVERSION_RATE', message: 'no rate converts GBP into USD' });
    expect(maxOpenRiskRule.check(blindPounds)).toEqual({ code: 'MAX_OPEN_RISK', pass: false, reason: 'NO_CONVERSION_RATE', message: 'no rate converts GBP into USD' });
  });
});

describe('an open position whose risk cannot be measured', () => {
  it('MAX_OPEN_RISK refuses a new order beside an AUDUSD long with no stop and no ATR to assume one', () => {
    const portfolio = portfolioOf(EQUITY, { positions: [positionOf('AUDUSD', 'BUY', '1', 0.65)] });
    expectRejected(decideAlone(maxOpenRiskRule, sizedEntry('EURUSD', 'BUY', '1'), { portfolio }), '1', {
      code: 'MAX_OPEN_RISK',
      reason: 'MAX_OPEN_RISK',
      message: 'the risk of an open position cannot be measured (no stop, no ATR or no conversion rate)',
    });
  });
});
