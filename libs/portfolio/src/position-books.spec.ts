import { ExactDecimal } from '@trading/domain';
import { PositionBooks } from './position-books';

describe('PositionBooks', () => {
  it('orders positions by symbol slot, then strategy name, whatever order they were first used in', () => {
    const books = new PositionBooks(2);
    const added = [books.add('b', 1), books.add('c', 0), books.add('a', 0), books.add('a', 1), books.add('b', 0)];
    expect(added).toEqual([0, 1, 2, 3, 4]);
    // Slot 0 holds a (2), b (4), c (1); slot 1 holds a (3), b (0).
    expect(books.ofSymbol).toEqual([[2, 4, 1], [3, 0]]);
    expect(books.canonical).toEqual([2, 4, 1, 3, 0]);
    expect(books.strategyOf).toEqual(['b', 'c', 'a', 'a', 'b']);
    expect(books.symbolSlotOf).toEqual([1, 0, 0, 1, 0]);
    expect(books.count).toBe(5);
  });

  it('starts every position flat, with zero lots, entry and carried costs', () => {
    const books = new PositionBooks(1);
    const p = books.add('s', 0);
    expect([books.side[p], books.lots[p], books.entry[p], books.unrealized[p]]).toEqual([0, 0, 0, 0]);
    expect([books.quantity[p].toString(), books.entryPrice[p].toString(), books.carriedCosts[p].toString()]).toEqual(['0', '0', '0']);
  });

  it('doubles its columns only when they are full, keeping what they held', () => {
    const books = new PositionBooks(1);
    for (let i = 0; i < 8; i++) books.add(`s${i}`, 0);
    expect(books.side.length).toBe(8);
    books.set(7, -1, new ExactDecimal('0.25'), new ExactDecimal('1.23456'));
    books.entryTimes[7] = 1_700_000_000_000;
    books.unrealized[7] = -12.5;
    const ninth = books.add('s8', 0);
    expect(ninth).toBe(8);
    for (const column of [books.side, books.lots, books.entry, books.unrealized, books.entryTimes]) expect(column.length).toBe(16);
    expect([books.side[7], books.lots[7], books.entry[7], books.unrealized[7], books.entryTimes[7]]).toEqual([-1, 0.25, 1.23456, -12.5, 1_700_000_000_000]);
    books.set(ninth, 1, new ExactDecimal('2'), new ExactDecimal('1.1'));
    expect([books.side[ninth], books.lots[ninth], books.entry[ninth]]).toEqual([1, 2, 1.1]);
  });
});
