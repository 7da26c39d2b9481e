import { Money, Quantity } from './money';

describe('Money', () => {
  it('adds decimal amounts exactly where floats would drift', () => {
    const total = Money.of('0.1', 'USD').plus(Money.of('0.2', 'USD'));
    expect(total.toString()).toBe('0.3');
    expect(0.1 + 0.2).not.toBe(0.3);
  });

  it('refuses to add different currencies, naming both', () => {
    expect(() => Money.of(1, 'USD').plus(Money.of(1, 'EUR'))).toThrow('cannot combine USD with EUR');
  });

  it('rejects non-finite amounts and bad currency codes', () => {
    expect(() => Money.of(Number.NaN, 'USD')).toThrow('finite');
    expect(() => Money.of(1, 'usd')).toThrow('ISO currency');
  });

  it('rounds half to even', () => {
    expect(Money.of('2.345', 'USD').rounded(2).toString()).toBe('2.34');
    expect(Money.of('2.355', 'USD').rounded(2).toString()).toBe('2.36');
  });
});

describe('Quantity', () => {
  it('floors sizes to the lot step, never rounding up into more risk', () => {
    expect(Quantity.floorToStep('1.239', '0.01').toString()).toBe('1.23');
    expect(Quantity.floorToStep('0.009', '0.01').toString()).toBe('0');
  });

  it('rejects negative quantities', () => {
    expect(() => Quantity.of(-1)).toThrow('>= 0');
  });
});
