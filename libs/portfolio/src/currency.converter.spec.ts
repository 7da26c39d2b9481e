import { CurrencyConverter } from './currency.converter';

describe('CurrencyConverter', () => {
  it('converts with fixed rates given up front, through the direct pair or the inverse one', () => {
    const converter = new CurrencyConverter('USD', { GBPUSD: 1.25, USDJPY: 160 });
    expect(converter.rate('GBP')).toBe(1.25);
    // USD per JPY is the inverse of USDJPY: 1 / 160 = 0.00625.
    expect(converter.rate('JPY')).toBe(0.00625);
    expect(converter.rate('USD')).toBe(1);
  });

  it('takes the latest price recorded for a pair over the one it had', () => {
    const converter = new CurrencyConverter('USD', { GBPUSD: 1.25 });
    converter.setPrice('GBPUSD', 1.3);
    expect(converter.rate('GBP')).toBe(1.3);
  });

  it('needs no rate for the account currency itself', () => {
    const converter = new CurrencyConverter('EUR');
    expect(converter.isIdentity('EUR')).toBe(true);
    expect(converter.isIdentity('USD')).toBe(false);
    expect(converter.rate('EUR')).toBe(1);
  });

  it.each([
    ['gbpusd', 1.25],
    ['xGBPUSD', 1.25],
    ['GBPUSDx', 1.25],
    ['GBP', 1.25],
    ['GBPUSD', 0],
    ['GBPUSD', -1.25],
    ['GBPUSD', Number.NaN],
  ])('refuses the fixed rate %s=%d, naming it', (symbol, price) => {
    expect(() => new CurrencyConverter('USD', { [symbol]: price })).toThrow(`conversion rate ${symbol}=${price}: expected a six-letter pair and a price > 0`);
  });
});
