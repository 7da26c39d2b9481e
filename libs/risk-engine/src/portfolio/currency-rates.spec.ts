// Conversion between currencies from mid prices: direct, inverted, or across
// USD; NaN when no quote gives the rate.
import type { Quote } from '@trading/domain';
import { conversionRate, midPrice } from './currency-rates';

const quote = (symbol: string, bid: number, ask: number): Quote => ({ symbol, time: 0, bid, ask });
const quotes: Record<string, Quote> = {
  EURUSD: quote('EURUSD', 1.0999, 1.1001),
  USDJPY: quote('USDJPY', 149.9, 150.1),
  GBPUSD: quote('GBPUSD', 1.25, 1.25),
};

describe('currency rates', () => {
  it('reads the mid of a quote, NaN without one', () => {
    expect(midPrice(quotes['EURUSD'])).toBeCloseTo(1.1, 12);
    expect(midPrice(undefined)).toBeNaN();
  });

  it('is 1 from a currency to itself, even with no quote at all', () => {
    expect(conversionRate('CHF', 'CHF', {})).toBe(1);
  });

  it('uses the direct pair, or its inverse', () => {
    expect(conversionRate('EUR', 'USD', quotes)).toBeCloseTo(1.1, 12);
    expect(conversionRate('USD', 'EUR', quotes)).toBeCloseTo(1 / 1.1, 12);
    expect(conversionRate('USD', 'JPY', quotes)).toBeCloseTo(150, 12);
  });

  it('crosses through USD when no pair joins the two', () => {
    expect(conversionRate('EUR', 'JPY', quotes)).toBeCloseTo(1.1 * 150, 9);
    expect(conversionRate('JPY', 'GBP', quotes)).toBeCloseTo(1 / 150 / 1.25, 12);
  });

  it('is NaN when neither a pair nor a cross gives the rate', () => {
    expect(conversionRate('CHF', 'USD', quotes)).toBeNaN();
    expect(conversionRate('USD', 'CHF', quotes)).toBeNaN();
    expect(conversionRate('EUR', 'CHF', quotes)).toBeNaN();
  });
});
