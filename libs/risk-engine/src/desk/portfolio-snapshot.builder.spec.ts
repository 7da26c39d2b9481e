// The snapshot the engine judges: equity to the cent, its peak and the
// session's opening equity, realised and open P&L, positions and working
// orders, and a reversal's position and close left out.
import { Money, Quantity, instrumentFor } from '@trading/domain';
import { parseRiskLimits } from '../limits.config';
import { DeskBook } from './desk-book';
import { PortfolioSnapshotBuilder } from './portfolio-snapshot.builder';

/** The start of the bar each quote closes (their time matters only to currency conversion). */
const BAR_START = Date.UTC(2025, 0, 7, 9);

const HOUR = 3_600_000;
// Session resets at 21:00 UTC (the default); Monday 12:00.
const NOON = Date.UTC(2025, 6, 7, 12);
const limits = parseRiskLimits({});

function setup() {
  const book = new DeskBook({ initialCash: Money.of(10_000, 'USD'), instruments: [instrumentFor('EURUSD'), instrumentFor('GBPUSD')] });
  book.quote(0, 1.1, 0, BAR_START);
  book.quote(1, 1.25, 0, BAR_START);
  const builder = new PortfolioSnapshotBuilder(book, limits);
  return { book, builder };
}

function fill(book: DeskBook, id: string, strategy: string, symbol: string, side: 'buy' | 'sell', lots: string, price: number, stopLoss?: number): void {
  book.sent({ id, strategy, symbol, side, quantity: Quantity.of(lots), ...(stopLoss === undefined ? {} : { stopLoss }) });
  book.fill({ orderId: id, strategy, symbol, side, quantity: Quantity.of(lots), price, time: NOON, commission: Money.of('1.5', 'USD'), reason: 'test' });
}

describe('portfolio snapshot builder', () => {
  it('lists positions and working orders as the engine reads them', () => {
    const { book, builder } = setup();
    fill(book, 'a', 'trend', 'EURUSD', 'buy', '0.3', 1.1, 1.095);
    fill(book, 'b', 'fade', 'GBPUSD', 'sell', '0.2', 1.25);
    book.sent({ id: 'w1', strategy: 'trend', symbol: 'EURUSD', side: 'sell', quantity: Quantity.of('0.3'), price: 1.11, stopLoss: 1.12 });
    book.sent({ id: 'w2', strategy: 'fade', symbol: 'GBPUSD', side: 'buy', quantity: Quantity.of('0.1') });
    const snapshot = builder.build(book, NOON, null);
    expect(snapshot.positions).toEqual([
      { symbol: 'EURUSD', side: 'BUY', size: Quantity.of('0.3'), entryPrice: 1.1, strategy: 'trend', stopPrice: 1.095 },
      { symbol: 'GBPUSD', side: 'SELL', size: Quantity.of('0.2'), entryPrice: 1.25, strategy: 'fade' },
    ]);
    // Strictly: an order without a price or a stop has no such key (not one set to undefined).
    expect(snapshot.openOrders).toStrictEqual([
      { clientOrderId: 'w1', symbol: 'EURUSD', side: 'SELL', size: Quantity.of('0.3'), strategy: 'trend', entryPrice: 1.11, stopPrice: 1.12 },
      { clientOrderId: 'w2', symbol: 'GBPUSD', side: 'BUY', size: Quantity.of('0.1'), strategy: 'fade' },
    ]);
  });

  it('leaves out the position a reversal closes first and its close, and nothing else', () => {
    const { book, builder } = setup();
    fill(book, 'a', 'trend', 'EURUSD', 'buy', '0.3', 1.1);
    fill(book, 'b', 'fade', 'EURUSD', 'buy', '0.1', 1.1);
    book.sent({ id: 'close', strategy: 'trend', symbol: 'EURUSD', side: 'sell', quantity: Quantity.of('0.3') });
    book.sent({ id: 'other', strategy: 'fade', symbol: 'EURUSD', side: 'sell', quantity: Quantity.of('0.1') });
    const snapshot = builder.build(book, NOON, { strategy: 'trend', symbol: 'EURUSD', orderId: 'close' });
    expect(snapshot.positions.map((p) => p.strategy)).toEqual(['fade']);
    expect(snapshot.openOrders.map((o) => o.clientOrderId)).toEqual(['other']);
    // Without an order id, only the position goes.
    expect(builder.build(book, NOON, { strategy: 'trend', symbol: 'EURUSD' }).openOrders.map((o) => o.clientOrderId)).toEqual(['close', 'other']);
    expect(builder.build(book, NOON, null).positions).toHaveLength(2);
  });

  it('skips a position that is flat again', () => {
    const { book, builder } = setup();
    fill(book, 'a', 'trend', 'EURUSD', 'buy', '0.3', 1.1);
    fill(book, 'b', 'trend', 'EURUSD', 'sell', '0.3', 1.1);
    expect(builder.build(book, NOON, null).positions).toEqual([]);
  });

  it('reports equity to the cent, realised P&L against the starting cash, and the open P&L', () => {
    const { book, builder } = setup();
    // Two fills pay 1.50 each; the long is 10 pips up at the 1.101 bid: 0.5 × 100,000 × 0.001 = 50.
    fill(book, 'a', 'trend', 'EURUSD', 'buy', '0.5', 1.1);
    fill(book, 'b', 'fade', 'GBPUSD', 'buy', '0.1', 1.25);
    book.quote(0, 1.101, 0, BAR_START);
    const snapshot = builder.build(book, NOON, null);
    expect([snapshot.equity, snapshot.realisedPnl, snapshot.unrealisedPnl].map((m) => m.toString())).toEqual(['10047', '-3', '50'].map((x) => Money.of(x, 'USD').toString()));
    expect(snapshot.equity.currency).toBe('USD');
  });

  it('keeps the highest equity seen as the peak, and the session’s first equity until the next 21:00 UTC', () => {
    const { book, builder } = setup();
    fill(book, 'a', 'trend', 'EURUSD', 'buy', '1', 1.1);
    const at = (bid: number, time: number) => {
      book.quote(0, bid, 0, BAR_START);
      const s = builder.build(book, time, null);
      return [s.equity, s.peakEquity, s.todayPnl].map((m) => m.amount.toFixed());
    };
    // Equity is 10,000 − 1.50 + 100,000 × (bid − 1.1).
    expect(at(1.1, NOON)).toEqual(['9998.5', '9998.5', '0']);
    expect(at(1.102, NOON + HOUR)).toEqual(['10198.5', '10198.5', '200']);
    expect(at(1.101, NOON + 2 * HOUR)).toEqual(['10098.5', '10198.5', '100']);
    // 21:00 opens a new session at that equity.
    expect(at(1.101, Date.UTC(2025, 6, 7, 21))).toEqual(['10098.5', '10198.5', '0']);
    expect(at(1.1, Date.UTC(2025, 6, 7, 22))).toEqual(['9998.5', '10198.5', '-100']);
  });
});
