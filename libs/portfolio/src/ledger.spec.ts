import { ExactDecimal, Money, Quantity, instrumentFor } from '@trading/domain';
import { CurrencyConverter } from './currency.converter';
import { IG_RETAIL_MARGIN, Ledger } from './ledger';
import type { LedgerFill } from './ledger.types';

const usd = (amount: number | string) => Money.of(amount, 'USD');
const ZERO = new ExactDecimal(0);

function eurusdLedger(): Ledger {
  return new Ledger({ initialCash: usd(10_000), instruments: [instrumentFor('EURUSD')] });
}

function fill(position: number, side: 'buy' | 'sell', lots: string, price: number, fields: Partial<LedgerFill> = {}): LedgerFill {
  return { position, orderId: `${side}-${lots}@${price}`, side, quantity: Quantity.of(lots), price, time: Date.UTC(2022, 0, 3, 10), commission: ZERO, reason: 'test', ...fields };
}

describe('Ledger', () => {
  it('keeps two strategies holding opposite positions in one symbol apart, and attributes each P&L to its own strategy', () => {
    const ledger = eurusdLedger();
    const a = ledger.positionIndex('trend', 'EURUSD');
    const b = ledger.positionIndex('fade', 'EURUSD');
    expect(ledger.positionIndex('trend', 'EURUSD')).toBe(a);
    ledger.applyFill(fill(a, 'buy', '1', 1.1));
    ledger.applyFill(fill(b, 'sell', '0.5', 1.1));
    expect([ledger.sideAt(a), ledger.sideAt(b)]).toEqual([1, -1]);

    // Bid 1.1010, ask 1.1011: the long gains 10 pips on 1 lot (+100), the short loses 11 pips on 0.5 lot (-55).
    ledger.mark(0, 1.101, 0.0001);
    expect(ledger.unrealizedAt(a)).toBeCloseTo(100, 9);
    expect(ledger.unrealizedAt(b)).toBeCloseTo(-55, 9);
    expect(ledger.equity()).toBeCloseTo(10_045, 9);

    // The trend strategy's exit closes its own long only: the other strategy's short stays.
    const booking = ledger.applyFill(fill(a, 'sell', '1', 1.101));
    expect(booking.realized.toFixed()).toBe('100');
    expect(booking.positionAfter).toBe('0');
    expect(booking.trade).toMatchObject({ strategy: 'trend', symbol: 'EURUSD', side: 'long' });
    expect(booking.trade?.netPnl.toString()).toBe('100');
    expect(ledger.sideAt(b)).toBe(-1);
    expect(ledger.quantityAt(b).toString()).toBe('0.5');
    expect(ledger.cash.toString()).toBe('10100');
    expect(ledger.trades.map((t) => t.strategy)).toEqual(['trend']);
  });

  it('holds margin for every open position at the latest bid and reports the margin level', () => {
    const ledger = eurusdLedger();
    const a = ledger.positionIndex('trend', 'EURUSD');
    const b = ledger.positionIndex('fade', 'EURUSD');
    ledger.applyFill(fill(a, 'buy', '1', 1.2));
    ledger.applyFill(fill(b, 'sell', '0.5', 1.2));
    ledger.mark(0, 1.2, 0);
    // Both legs hold margin (IG does not offset separate deals): 1.5 lots x 100,000 x 1.2 / 30 = 6,000 USD.
    expect(ledger.marginUsed()).toBeCloseTo(6_000, 9);
    expect(ledger.marginLevel()).toBeCloseTo(10_000 / 6_000, 12);
    ledger.applyFill(fill(a, 'sell', '1', 1.2));
    expect(ledger.marginUsed()).toBeCloseTo(2_000, 9);
  });

  it('has an infinite margin level with nothing open', () => {
    expect(eurusdLedger().marginLevel()).toBe(Number.POSITIVE_INFINITY);
  });

  it('releases the entry commission and swap pro rata when a position closes in parts', () => {
    const ledger = eurusdLedger();
    const p = ledger.positionIndex('s', 'EURUSD');
    ledger.applyFill(fill(p, 'buy', '2', 1.1, { commission: new ExactDecimal(6) }));
    ledger.chargeSwap(p, new ExactDecimal(-4));
    // Half the position closes 20 pips up with 3 of exit commission: gross +200, costs 3 + half of (6 + 4).
    const half = ledger.applyFill(fill(p, 'sell', '1', 1.102, { commission: new ExactDecimal(3) }));
    expect(half.trade?.grossPnl.toString()).toBe('200');
    expect(half.trade?.costs.toString()).toBe('8');
    expect(half.trade?.netPnl.toString()).toBe('192');
    const rest = ledger.applyFill(fill(p, 'sell', '1', 1.1, { commission: new ExactDecimal(3) }));
    expect(rest.trade?.costs.toString()).toBe('8');
    // 10,000 - 6 - 4 + 200 - 3 - 3 = 10,184: every cent booked once.
    expect(ledger.cash.toString()).toBe('10184');
    expect(ledger.costs().commission.toString()).toBe('12');
    expect(ledger.costs().swap.toString()).toBe('4');
  });

  it('converts the quote-currency P&L of a cross with the latest price of the pair that prices it', () => {
    const ledger = new Ledger({ initialCash: usd(10_000), instruments: [instrumentFor('EURGBP'), instrumentFor('GBPUSD')] });
    const p = ledger.positionIndex('s', 'EURGBP');
    const hour = 3_600_000;
    const tenOclock = Date.UTC(2022, 0, 3, 10);
    ledger.observeConversionPrice('GBPUSD', 1.25, tenOclock - hour);
    ledger.applyFill(fill(p, 'buy', '1', 0.85));
    ledger.observeConversionPrice('GBPUSD', 1.3, tenOclock);
    // Marked at 0.86: 0.01 GBP x 100,000 = 1,000 GBP open at 1.3 = 1,300 USD; the margin is 86,000 GBP / 30 at 1.3.
    ledger.mark(0, 0.86, 0);
    expect(ledger.unrealizedAt(p)).toBeCloseTo(1_300, 9);
    expect(ledger.marginUsed()).toBeCloseTo((86_000 * 1.3) / 30, 9);
    // Closed in the next bar: the same 1,300 USD, exactly.
    expect(ledger.applyFill(fill(p, 'sell', '1', 0.86, { time: tenOclock + hour })).realized.toFixed()).toBe('1300');
  });

  it("converts a fill at the conversion pair's close before the fill's bar, even once that bar's close is known", () => {
    const ledger = new Ledger({ initialCash: usd(10_000), instruments: [instrumentFor('EURGBP'), instrumentFor('GBPUSD')] });
    const p = ledger.positionIndex('s', 'EURGBP');
    const tenOclock = Date.UTC(2022, 0, 3, 10);
    ledger.observeConversionPrice('GBPUSD', 1.25, tenOclock - 3_600_000);
    ledger.observeConversionPrice('GBPUSD', 1.3, tenOclock);
    ledger.applyFill(fill(p, 'buy', '1', 0.85)); // in the 10:00 bar, whose GBPUSD close 1.3 came after it
    // 0.01 GBP x 100,000 = 1,000 GBP at the 09:00 bar's 1.25: 1,250 USD.
    expect(ledger.applyFill(fill(p, 'sell', '1', 0.86)).realized.toFixed()).toBe('1250');
    // The quote of a slot priced in the account's base currency is its own price, whenever the fill.
    expect(ledger.quoteToAccount(1, 1.3, tenOclock).toFixed()).toBe('1');
  });

  it('refuses a symbol it does not trade, naming it', () => {
    expect(() => eurusdLedger().positionIndex('s', 'GBPUSD')).toThrow('the account does not trade GBPUSD');
  });

  it('refuses an instrument given twice, naming it', () => {
    expect(() => new Ledger({ initialCash: usd(10_000), instruments: [instrumentFor('EURUSD'), instrumentFor('EURUSD')] })).toThrow('instrument EURUSD given twice');
  });

  it('converts the P&L and margin of a pair quoted against the account currency by its own price', () => {
    const ledger = new Ledger({ initialCash: usd(10_000), instruments: [instrumentFor('USDJPY')] });
    const p = ledger.positionIndex('s', 'USDJPY');
    ledger.applyFill(fill(p, 'buy', '1', 150));
    // 1 lot at 160 ties up 100,000 x 160 JPY / 30 = 100,000 / 30 USD.
    ledger.mark(0, 160, 0);
    expect(ledger.marginUsed()).toBeCloseTo(100_000 / 30, 9);
    // 10 yen on 100,000 = 1,000,000 JPY at 1/160 = 6,250 USD.
    expect(ledger.unrealizedAt(p)).toBeCloseTo(6_250, 9);
    expect(ledger.applyFill(fill(p, 'sell', '1', 160)).realized.toString()).toBe('6250');
  });

  it('marks a flat position of a cross before its conversion pair has a price', () => {
    const ledger = new Ledger({ initialCash: usd(10_000), instruments: [instrumentFor('EURGBP'), instrumentFor('GBPUSD')] });
    const p = ledger.positionIndex('s', 'EURGBP');
    ledger.mark(0, 0.85, 0.0002);
    expect(ledger.unrealizedAt(p)).toBe(0);
    expect([ledger.lastPrice(0), ledger.lastSpreadOf(0), ledger.lastPrice(1), ledger.lastSpreadOf(1)]).toEqual([0.85, 0.0002, Number.NaN, 0]);
  });

  it('reports the positions it holds, flat ones included, in canonical order', () => {
    const ledger = new Ledger({ initialCash: usd(10_000), instruments: [instrumentFor('EURUSD'), instrumentFor('GBPUSD')] });
    const positions = [ledger.positionIndex('trend', 'GBPUSD'), ledger.positionIndex('trend', 'EURUSD'), ledger.positionIndex('fade', 'EURUSD')];
    expect(positions).toEqual([0, 1, 2]);
    expect(ledger.positionCount).toBe(3);
    expect(ledger.positionOrder()).toEqual([2, 1, 0]);
    expect([ledger.positionsOf(0), ledger.positionsOf(1)]).toEqual([[2, 1], [0]]);
    expect(positions.map((p) => [ledger.strategyAt(p), ledger.symbolSlotAt(p)])).toEqual([
      ['trend', 1],
      ['trend', 0],
      ['fade', 0],
    ]);
    expect(ledger.view(0)).toEqual({ index: 0, strategy: 'trend', symbol: 'GBPUSD', side: 0, quantity: Quantity.of(0), entryPrice: ZERO, entryTime: 0, unrealized: 0 });
  });

  it('names the missing pair when a P&L cannot be converted', () => {
    const converter = new CurrencyConverter('USD');
    expect(() => converter.rate('GBP')).toThrow('no rate to convert GBP into USD: add GBPUSD or USDGBP data');
  });
});

describe('Ledger margin status', () => {
  it('reports a margin call at 100 % and a stop-out at 50 % under IG retail rules', () => {
    const ledger = new Ledger({ initialCash: usd(1_000), instruments: [instrumentFor('EURUSD')] });
    const p = ledger.positionIndex('s', 'EURUSD');
    // 0.5 lot at 1.2 holds 0.5 x 100,000 x 1.2 / 30 = 2,000 USD of margin.
    ledger.applyFill(fill(p, 'buy', '0.5', 1.2));
    ledger.mark(0, 1.2, 0);
    expect(ledger.freeMargin()).toBeCloseTo(-1_000, 9);
    // Equity 1,000 over margin 2,000: level 50 %, at the stop-out level.
    expect(ledger.marginStatus(IG_RETAIL_MARGIN)).toBe('stop-out');
    // 60 pips up: equity 1,300, margin 2,010: 64.7 %, a margin call.
    ledger.mark(0, 1.206, 0);
    expect(ledger.marginLevel()).toBeCloseTo(1_300 / 2_010, 12);
    expect(ledger.marginStatus(IG_RETAIL_MARGIN)).toBe('margin-call');
    ledger.mark(0, 1.26, 0);
    expect(ledger.marginStatus(IG_RETAIL_MARGIN)).toBe('ok');
  });

  it('calls for margin at exactly 100 %', () => {
    const ledger = new Ledger({ initialCash: usd(2_000), instruments: [instrumentFor('EURUSD')] });
    // 0.5 lot at 1.2 holds 2,000 USD of margin: equity 2,000 over 2,000.
    ledger.applyFill(fill(ledger.positionIndex('s', 'EURUSD'), 'buy', '0.5', 1.2));
    ledger.mark(0, 1.2, 0);
    expect(ledger.marginLevel()).toBe(1);
    expect(ledger.marginStatus(IG_RETAIL_MARGIN)).toBe('margin-call');
  });

  it('holds no margin for a flat position, even on a symbol with no price yet', () => {
    const ledger = new Ledger({ initialCash: usd(10_000), instruments: [instrumentFor('EURUSD'), instrumentFor('GBPUSD')] });
    ledger.positionIndex('s', 'GBPUSD');
    ledger.applyFill(fill(ledger.positionIndex('s', 'EURUSD'), 'buy', '1', 1.2));
    ledger.mark(0, 1.2, 0);
    // 1 lot x 100,000 x 1.2 / 30 = 4,000 USD.
    expect(ledger.marginUsed()).toBeCloseTo(4_000, 9);
  });

  it('has an infinite margin level with nothing open, even after losing more than its cash', () => {
    const ledger = new Ledger({ initialCash: usd(1_000), instruments: [instrumentFor('EURUSD')] });
    const p = ledger.positionIndex('s', 'EURUSD');
    ledger.applyFill(fill(p, 'buy', '1', 1.2));
    // 200 pips down on 1 lot: -2,000.
    ledger.applyFill(fill(p, 'sell', '1', 1.18));
    expect(ledger.cash.toString()).toBe('-1000');
    expect(ledger.marginUsed()).toBe(0);
    expect(ledger.marginLevel()).toBe(Number.POSITIVE_INFINITY);
  });
});
