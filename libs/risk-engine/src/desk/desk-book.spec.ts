// The desk's book of record: working orders by symbol, the stop each position
// was opened with, quotes that mark positions, and fills that book them.
import { Money, Quantity, instrumentFor } from '@trading/domain';
import { DeskBook, type ReportedFill } from './desk-book';

/** The start of the bar each quote closes (their time matters only to currency conversion). */
const BAR_START = Date.UTC(2025, 0, 7, 9);

function bookOf(symbols: readonly string[] = ['EURUSD', 'GBPUSD']): DeskBook {
  return new DeskBook({ initialCash: Money.of(10_000, 'USD'), instruments: symbols.map((symbol) => instrumentFor(symbol)) });
}

function fillOf(orderId: string, side: 'buy' | 'sell', lots: string, price: number, extra: Partial<ReportedFill> = {}): ReportedFill {
  return { orderId, strategy: 'trend', symbol: 'EURUSD', side, quantity: Quantity.of(lots), price, time: 1, commission: Money.of(0, 'USD'), reason: 'test', ...extra };
}

describe('desk book', () => {
  it('knows each symbol’s slot, asked in any order', () => {
    const book = bookOf();
    expect([book.slotOf('GBPUSD'), book.slotOf('GBPUSD'), book.slotOf('EURUSD'), book.slotOf('GBPUSD')]).toEqual([1, 1, 0, 1]);
  });

  it('refuses a symbol it does not trade, the empty one too, before and after a lookup', () => {
    const book = bookOf();
    expect(() => book.slotOf('')).toThrow('the account does not trade ');
    expect(() => book.slotOf('USDJPY')).toThrow('the account does not trade USDJPY');
    expect(book.slotOf('GBPUSD')).toBe(1);
    expect(() => book.slotOf('')).toThrow('the account does not trade ');
  });

  it('has no bid before the first quote, then the latest bid and spread of each slot', () => {
    const book = bookOf();
    expect(book.bid(0)).toBeNaN();
    book.quote(1, 1.25, 0.0002, BAR_START);
    book.quote(0, 1.1, 0.0001, BAR_START);
    expect([book.bid(0), book.spread(0), book.bid(1), book.spread(1)]).toEqual([1.1, 0.0001, 1.25, 0.0002]);
  });

  it('keeps working orders per symbol, oldest first, with their stops, until filled or removed', () => {
    const book = bookOf();
    book.sent({ id: 'a', strategy: 'trend', symbol: 'EURUSD', side: 'buy', quantity: Quantity.of('0.1'), stopLoss: 1.09 });
    book.sent({ id: 'b', strategy: 'trend', symbol: 'GBPUSD', side: 'sell', quantity: Quantity.of('0.2') });
    book.sent({ id: 'c', strategy: 'fade', symbol: 'EURUSD', side: 'sell', quantity: Quantity.of('0.3') });
    expect(book.workingOrders(0).map((o) => o.id)).toEqual(['a', 'c']);
    expect(book.workingOrders(1).map((o) => o.id)).toEqual(['b']);
    expect(book.workingStop('a')).toBe(1.09);
    expect(book.workingStop('c')).toBeUndefined();
    expect(book.workingStop('zzz')).toBeUndefined();
    expect(book.removed('c')).toBe(true);
    expect(book.removed('c')).toBe(false);
    expect(book.removed('b')).toBe(true);
    expect(book.workingOrders(0).map((o) => o.id)).toEqual(['a']);
    expect(book.workingOrders(1)).toEqual([]);
  });

  it('books a fill against the working order it names, and leaves the others working', () => {
    const book = bookOf();
    book.sent({ id: 'a', strategy: 'trend', symbol: 'EURUSD', side: 'buy', quantity: Quantity.of('0.1'), stopLoss: 1.09 });
    book.sent({ id: 'b', strategy: 'trend', symbol: 'EURUSD', side: 'buy', quantity: Quantity.of('0.2'), stopLoss: 1.08 });
    book.sent({ id: 'c', strategy: 'trend', symbol: 'EURUSD', side: 'buy', quantity: Quantity.of('0.3'), stopLoss: 1.07 });
    // A fill of an order the book does not know takes no working order with it, and no stop.
    book.fill(fillOf('elsewhere', 'buy', '0.1', 1.1));
    expect(book.workingOrders(0).map((o) => o.id)).toEqual(['a', 'b', 'c']);
    const position = book.position('trend', 'EURUSD');
    expect(book.stopOf(position)).toBeNaN();
    book.fill(fillOf('b', 'buy', '0.2', 1.1));
    expect(book.workingOrders(0).map((o) => o.id)).toEqual(['a', 'c']);
    expect(book.stopOf(position)).toBe(1.08);
    expect(book.ledger.quantityAt(position).toString()).toBe(Quantity.of('0.3').toString());
  });

  it('counts the commission it books but no turnover, spread or slippage: the venue’s statement reports those', () => {
    const book = bookOf();
    book.fill(fillOf('a', 'buy', '1', 1.1, { commission: Money.of(7, 'USD') }));
    const costs = book.ledger.costs();
    // 1 lot of EURUSD at 1.1 turns over 110,000 USD, which a cost-tracking ledger would count.
    expect([costs.commission, costs.notionalTraded, costs.spread, costs.slippage].map(String)).toEqual(['7', '0', '0', '0']);
  });

  it('remembers the stop a position was opened with, keeps it while it shrinks, and forgets it when flat', () => {
    const book = bookOf();
    book.quote(0, 1.1, 0.0001, BAR_START);
    book.sent({ id: 'open', strategy: 'trend', symbol: 'EURUSD', side: 'buy', quantity: Quantity.of('0.3'), stopLoss: 1.09 });
    const position = book.position('trend', 'EURUSD');
    expect(book.stopOf(position)).toBeNaN();
    expect(book.fill(fillOf('open', 'buy', '0.3', 1.1)).added).toBe(true);
    expect(book.workingOrders(0)).toEqual([]);
    expect(book.stopOf(position)).toBe(1.09);
    expect(book.positionSide('trend', 'EURUSD')).toBe(1);
    // A fill of an order the book does not know (no stop) shrinks the position: the stop stays.
    book.fill(fillOf('unknown', 'sell', '0.1', 1.1));
    expect(book.stopOf(position)).toBe(1.09);
    book.fill(fillOf('unknown-2', 'sell', '0.2', 1.1));
    expect(book.positionSide('trend', 'EURUSD')).toBe(0);
    expect(book.stopOf(position)).toBeNaN();
    expect(book.stopOf(99)).toBeNaN();
  });

  it('takes the stop of an order that adds to the position, not of one without a stop', () => {
    const book = bookOf();
    book.sent({ id: 'first', strategy: 'trend', symbol: 'EURUSD', side: 'sell', quantity: Quantity.of('0.1'), stopLoss: 1.12 });
    book.fill(fillOf('first', 'sell', '0.1', 1.1));
    book.sent({ id: 'more', strategy: 'trend', symbol: 'EURUSD', side: 'sell', quantity: Quantity.of('0.1') });
    book.fill(fillOf('more', 'sell', '0.1', 1.1));
    expect(book.stopOf(book.position('trend', 'EURUSD'))).toBe(1.12);
    book.sent({ id: 'tighter', strategy: 'trend', symbol: 'EURUSD', side: 'sell', quantity: Quantity.of('0.1'), stopLoss: 1.11 });
    book.fill(fillOf('tighter', 'sell', '0.1', 1.1));
    expect(book.stopOf(book.position('trend', 'EURUSD'))).toBe(1.11);
  });

  it('marks a filled position at the latest quote: a long at the bid, so its equity moves with it', () => {
    const book = bookOf();
    book.quote(0, 1.102, 0.0001, BAR_START);
    book.fill(fillOf('a', 'buy', '1', 1.1));
    // 1 lot × 100,000 × (1.102 − 1.1) = 200 USD open.
    expect(book.equity()).toBeCloseTo(10_200, 6);
    expect(book.cash.toString()).toBe(Money.of(10_000, 'USD').toString());
    book.quote(0, 1.099, 0.0001, BAR_START);
    expect(book.equity()).toBeCloseTo(9_900, 6);
  });

  it('leaves a fill unmarked before the symbol’s first quote', () => {
    const book = bookOf();
    book.fill(fillOf('a', 'buy', '1', 1.1));
    expect(book.equity()).toBe(10_000);
  });

  it('feeds quotes to currency conversion when it holds several instruments', () => {
    // A EURGBP long makes pounds, worth dollars at the latest GBPUSD bid.
    const book = bookOf(['EURGBP', 'GBPUSD']);
    book.quote(1, 1.25, 0.0001, BAR_START);
    book.quote(0, 0.85, 0.0001, BAR_START);
    book.fill(fillOf('a', 'buy', '1', 0.84, { symbol: 'EURGBP' }));
    // 1 lot × 100,000 × (0.85 − 0.84) = 1,000 GBP = 1,250 USD.
    expect(book.equity()).toBeCloseTo(11_250, 6);
  });
});
