// The exposure rules (gross, net, per currency) and the margin rule on the
// legs they sum: which books count for a currency and with which sign, an
// order that leaves exposure over the limit but no higher, and books that
// cannot be valued for want of a quote (refused when they hold something,
// ignored when flat). Mids are chosen so money is exact: EURUSD 1.1,
// GBPUSD 1.25, EURGBP 0.88, USDCHF 0.8 (a franc is 1.25 USD), USDCAD 1.25.
import { instrumentFor } from '@trading/domain';
import type { MarketState, OpenOrder, Position, Side } from '../risk.types';
import { marketAt, portfolioOf, positionOf, signalOf } from '../testing/risk.builders';
import { decideAlone, EQUITY, expectApproved, expectRejected, RULE_TIME, sizedEntry, type SizedEntry } from '../testing/single-rule';
import { currencyExposureRule } from './currency-exposure.rule';
import { grossExposureRule } from './gross-exposure.rule';
import { marginRule } from './margin.rule';
import { netExposureRule } from './net-exposure.rule';

const MIDS: Readonly<Record<string, number>> = { EURUSD: 1.1, GBPUSD: 1.25, EURGBP: 0.88, USDCHF: 0.8, USDCAD: 1.25, CHFJPY: 180, USDUSD: 1 };

/** Quotes (no spread) for `symbols` only, at MIDS. */
const quoted = (...symbols: string[]): MarketState => marketAt(RULE_TIME, Object.fromEntries(symbols.map((symbol) => [symbol, MIDS[symbol]])), { spreadPips: 0 });

/**
 * An entry on `symbol` with a 10 pip stop that the default sizing (0.5 % of
 * equity at the stop) makes exactly `lots`, in `market`: as sizedEntry does,
 * the regime multiplier asks for a tenth of a lot step more, rounded down.
 */
function entryOn(symbol: string, side: Side, lots: string, market: MarketState, quoteToUsd: number): SizedEntry {
  const instrument = instrumentFor(symbol);
  const distance = 10 * instrument.pipSize;
  const stopPrice = side === 'BUY' ? MIDS[symbol] - distance : MIDS[symbol] + distance;
  const regimeMultiplier = ((Number(lots) + instrument.lotStep / 10) * instrument.contractSize * distance * quoteToUsd) / (EQUITY * 0.005);
  return { signal: signalOf('o1', symbol, side, { stopPrice }), market: { ...market, regimeMultiplier } };
}

const holding = (positions: Position[], openOrders: OpenOrder[] = []) => portfolioOf(EQUITY, { positions, openOrders });

describe('an order that leaves exposure over the limit, but exactly where it was', () => {
  // Long 3 USDCHF (300,000 USD, 3x; short 3x francs; 10,000 of margin), then sell 6: short 3 USDCHF, the same sizes.
  const portfolio = holding([positionOf('USDCHF', 'BUY', '3', 0.8, 0.799)]);
  const flip = () => sizedEntry('USDCHF', 'SELL', '6');

  it('passes gross 3x against a 2x limit', () => {
    expectApproved(decideAlone(grossExposureRule, flip(), { portfolio, limits: { maxGrossLeverage: 2 } }), '6', {
      code: 'MAX_GROSS_EXPOSURE',
      detail: 'gross leverage 3.000 of 2',
      measure: { value: 3, limit: 2, unit: 'leverage' },
    });
  });

  it('passes net 3x (long, then short) against a 2x limit', () => {
    expectApproved(decideAlone(netExposureRule, flip(), { portfolio, limits: { maxNetLeverage: 2 } }), '6', {
      code: 'MAX_NET_EXPOSURE',
      detail: 'net leverage 3.000 of 2',
      measure: { value: 3, limit: 2, unit: 'leverage' },
    });
  });

  it('passes 3x francs (short, then long) against a 2x limit', () => {
    expectApproved(decideAlone(currencyExposureRule, flip(), { portfolio, limits: { maxCurrencyLeverage: 2 } }), '6', {
      code: 'CURRENCY_EXPOSURE',
      detail: 'CHF 3.000×',
      measure: { value: 3, limit: 2, unit: 'leverage' },
    });
  });

  it('passes 10,000.00 of margin against a 5,000.00 limit', () => {
    expectApproved(decideAlone(marginRule, flip(), { portfolio, limits: { maxMarginUsage: 0.05 } }), '6', {
      code: 'MARGIN',
      detail: 'margin 10000.00 of 5000.00 USD',
      measure: { value: 10_000, limit: 5_000, unit: 'USD' },
    });
  });
});

describe('the legs of a currency', () => {
  it('nets a base leg against a quote leg and leaves out pairs without the currency', () => {
    // Long 1 CHFJPY is long 100,000 francs (+125,000 USD); buying 2 USDCHF is short 200,000 USD of francs;
    // USDCAD has no franc leg. CHF: 125,000 - 200,000 = -75,000, 0.75x equity.
    const entry = sizedEntry('USDCHF', 'BUY', '2');
    const market = { ...entry.market, quotes: { ...entry.market.quotes, ...quoted('CHFJPY').quotes } };
    const portfolio = holding([positionOf('CHFJPY', 'BUY', '1', 180, 179.9), positionOf('USDCAD', 'BUY', '1', 1.25, 1.249)]);
    expectApproved(decideAlone(currencyExposureRule, { ...entry, market }, { portfolio }), '2', {
      code: 'CURRENCY_EXPOSURE',
      detail: 'CHF 0.7500×',
      measure: { value: 0.75, limit: 5, unit: 'leverage' },
    });
  });

  it('measures both legs of a cross and reports the larger: 1 EURGBP long beside 0.5 GBPUSD long', () => {
    // EUR: +110,000 USD (1.1x). GBP: -110,000 + 0.5 x 125,000 = -47,500 (0.475x).
    const market = quoted('EURGBP', 'EURUSD', 'GBPUSD');
    const portfolio = holding([positionOf('GBPUSD', 'BUY', '0.5', 1.25, 1.249)]);
    expectApproved(decideAlone(currencyExposureRule, entryOn('EURGBP', 'BUY', '1', market, 1.25), { portfolio }), '1', {
      code: 'CURRENCY_EXPOSURE',
      detail: 'EUR 1.100×, GBP 0.4750×',
      measure: { value: 1.1, limit: 5, unit: 'leverage' },
    });
  });

  it('says so when neither leg is foreign (an instrument whose base and quote are both the account currency)', () => {
    // No real pair does this; the rule still answers instead of reporting an empty list.
    expectApproved(decideAlone(currencyExposureRule, entryOn('USDUSD', 'BUY', '1', quoted('USDUSD'), 1)), '1', {
      code: 'CURRENCY_EXPOSURE',
      detail: 'only USD legs',
      measure: { value: 0, limit: 5, unit: 'leverage' },
    });
  });
});

describe('books without a quote to value them', () => {
  // 1 EURGBP with GBPUSD quoted (so it can be sized) but no EURUSD: the euros cannot be valued in USD.
  const blindEuros = () => entryOn('EURGBP', 'BUY', '4', quoted('EURGBP', 'GBPUSD'), 1.25);
  const refused = (code: string, message: string) => ({ code, reason: 'NO_CONVERSION_RATE', message });

  it('refuses an order whose exposure cannot be valued', () => {
    expectRejected(decideAlone(grossExposureRule, blindEuros()), '4', refused('MAX_GROSS_EXPOSURE', 'a position cannot be valued in USD (missing quote)'));
    expectRejected(decideAlone(netExposureRule, blindEuros()), '4', refused('MAX_NET_EXPOSURE', 'a position cannot be valued in USD (missing quote)'));
    expectRejected(decideAlone(currencyExposureRule, blindEuros()), '4', refused('CURRENCY_EXPOSURE', 'EUR exposure cannot be valued in USD (missing quote)'));
    expectRejected(decideAlone(marginRule, blindEuros()), '4', refused('MARGIN', 'margin cannot be valued in USD (missing quote)'));
  });

  it('ignores a flat book it could not value: an unquoted EURGBP position closed by a working order', () => {
    // GBPUSD bought 1 lot at 1.25: 125,000 USD, 1.25x gross, net and in pounds.
    const flat = holding([positionOf('EURGBP', 'BUY', '1', 0.88, 0.879)], [{ clientOrderId: 'w1', symbol: 'EURGBP', side: 'SELL', size: positionOf('EURGBP', 'SELL', '1', 0.88).size, entryPrice: 0.881, stopPrice: 0.882 }]);
    const entry = () => entryOn('GBPUSD', 'BUY', '1', quoted('GBPUSD'), 1);
    expectApproved(decideAlone(grossExposureRule, entry(), { portfolio: flat }), '1', { code: 'MAX_GROSS_EXPOSURE', detail: 'gross leverage 1.250 of 10', measure: { value: 1.25, limit: 10, unit: 'leverage' } });
    expectApproved(decideAlone(netExposureRule, entry(), { portfolio: flat }), '1', { code: 'MAX_NET_EXPOSURE', detail: 'net leverage 1.250 of 5', measure: { value: 1.25, limit: 5, unit: 'leverage' } });
    expectApproved(decideAlone(currencyExposureRule, entry(), { portfolio: flat }), '1', { code: 'CURRENCY_EXPOSURE', detail: 'GBP 1.250×', measure: { value: 1.25, limit: 5, unit: 'leverage' } });
  });
});
