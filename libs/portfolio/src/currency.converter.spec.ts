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

  it("converts a fill at the close of the bar before the fill's bar, whether that bar's own close is known yet or not", () => {
    const hour = 3_600_000;
    const nine = Date.UTC(2025, 6, 8, 9);
    const converter = new CurrencyConverter('USD');
    converter.setPrice('AUDUSD', 0.65306, nine);
    converter.setPrice('AUDUSD', 0.65411, nine + hour);
    // A fill in the 11:00 bar: before the 11:00 bar's close is known, and after it, the 10:00 bar's close.
    expect(converter.rate('AUD', nine + 2 * hour)).toBe(0.65411);
    converter.setPrice('AUDUSD', 0.65385, nine + 2 * hour);
    expect(converter.rate('AUD', nine + 2 * hour)).toBe(0.65411);
    // Marks and decisions after the close take the latest; so does a fill in a later bar.
    expect(converter.rate('AUD')).toBe(0.65385);
    expect(converter.rate('AUD', nine + 3 * hour)).toBe(0.65385);
    // Through the inverse pair too: USD per CHF before the 10:00 bar is 1 / its 09:00 close.
    converter.setPrice('USDCHF', 0.8, nine);
    converter.setPrice('USDCHF', 0.78125, nine + hour);
    expect(converter.rate('CHF', nine + hour)).toBe(1.25);
  });

  it("keeps the close before a bar when the bar's close is given again, and takes the bar's own close on the pair's first bar", () => {
    const ten = Date.UTC(2025, 6, 8, 10);
    const converter = new CurrencyConverter('USD');
    converter.setPrice('GBPUSD', 1.36405, ten);
    // Nothing closed before the first bar: its own close is the nearest known.
    expect(converter.rate('GBP', ten)).toBe(1.36405);
    converter.setPrice('GBPUSD', 1.36117, ten + 3_600_000);
    converter.setPrice('GBPUSD', 1.36, ten + 3_600_000);
    expect([converter.rate('GBP', ten + 3_600_000), converter.rate('GBP')]).toEqual([1.36405, 1.36]);
    // A fixed rate holds from the beginning of time: any fill converts at it.
    expect(new CurrencyConverter('USD', { GBPUSD: 1.25 }).rate('GBP', ten)).toBe(1.25);
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
