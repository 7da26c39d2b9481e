// The account as the rules see it, figure by figure: lot units, net and
// filled units per symbol, margin, notional and the risk at the stops.
import { Quantity } from '@trading/domain';
import { parseRiskLimits } from '../limits.config';
import { marketAt, openOrderOf, portfolioOf, positionOf } from '../testing/risk.builders';
import { cents, lotUnits, PortfolioView, unitsToLots } from './portfolio-view';

const NOW = Date.UTC(2026, 0, 21, 12);
const limits = parseRiskLimits({});
// Mids with no spread: EURUSD 1.1, USDCHF 0.8; ATR 10 pips each.
const market = marketAt(NOW, { EURUSD: 1.1, USDCHF: 0.8 }, { spreadPips: 0 });

describe('portfolio view', () => {
  it('counts lots in exact units of 1e-8 lot, and money estimates to the cent', () => {
    expect(lotUnits(Quantity.of('0.07'))).toBe(7_000_000);
    expect(unitsToLots(-123_456_789)).toBe('-1.23456789');
    expect(cents(1234.565).toFixed()).toBe('1234.57');
    expect(cents(-0.004).toFixed()).toBe('0');
  });

  it('refuses a portfolio in another currency than the limits', () => {
    expect(() => new PortfolioView(portfolioOf(1000, { currency: 'EUR' }), market, limits)).toThrow(new RangeError("portfolio equity is in EUR but the limits' accountCurrency is USD"));
  });

  it('nets positions and working orders per symbol, and keeps the filled units apart', () => {
    const view = new PortfolioView(
      portfolioOf(100_000, {
        positions: [positionOf('EURUSD', 'BUY', '1.5', 1.1), positionOf('EURUSD', 'SELL', '0.5', 1.1)],
        openOrders: [openOrderOf('o1', 'EURUSD', 'SELL', '0.25', 1.1, 1.11)],
      }),
      market,
      limits,
    );
    const book = view.book('EURUSD');
    expect([book.positionUnits, book.netUnits]).toEqual([100_000_000, 75_000_000]);
    expect(view.equityNumber).toBe(100_000);
    expect(view.book('USDCHF')).toMatchObject({ netUnits: 0, positionUnits: 0, mid: 0.8, baseToAccount: 1, quoteToAccount: 1.25 });
  });

  it('values margin at the base currency in the account currency: 1 lot of EURUSD holds 110,000 / 30', () => {
    const view = new PortfolioView(portfolioOf(100_000, { positions: [positionOf('EURUSD', 'BUY', 1, 1.1), positionOf('USDCHF', 'SELL', 1, 0.8)] }), market, limits);
    expect(view.marginUsed()).toBeCloseTo(110_000 / 30 + 100_000 / 30, 6);
    expect(view.notional(view.book('EURUSD'), -50_000_000)).toBeCloseTo(-55_000, 6);
  });

  it('holds no margin for a symbol netted flat, even one it cannot value', () => {
    const unquoted = marketAt(NOW, { USDCHF: 0.8 }, { spreadPips: 0 });
    const view = new PortfolioView(portfolioOf(100_000, { positions: [positionOf('GBPUSD', 'BUY', 1, 1.25), positionOf('GBPUSD', 'SELL', 1, 1.25)] }), unquoted, limits);
    expect(view.marginUsed()).toBe(0);
  });

  it('adds up the risk at every stop: from the mid for positions, from the entry for working orders, 2 ATR without a stop, nothing past the stop', () => {
    const view = new PortfolioView(
      portfolioOf(100_000, {
        positions: [
          positionOf('EURUSD', 'BUY', 1, 1.09, 1.099), // 10 pips under the 1.1 mid: 100
          positionOf('USDCHF', 'SELL', 1, 0.8), // no stop: 2 × 10 pips of francs, 200 CHF = 250 USD
          positionOf('EURUSD', 'SELL', 1, 1.09, 1.095), // its stop is already behind the mid: 0
        ],
        openOrders: [openOrderOf('o1', 'EURUSD', 'SELL', '0.5', 1.105, 1.107)], // 20 pips over its entry: 100
      }),
      market,
      limits,
    );
    expect(view.openRisk()).toBeCloseTo(450, 6);
  });
});
