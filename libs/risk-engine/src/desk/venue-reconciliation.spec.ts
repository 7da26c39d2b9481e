import { Money, Quantity, instrumentFor } from '@trading/domain';
import { DeskBook } from './desk-book';
import { describeDifference, reconcileWithVenue } from './venue-reconciliation';

function book(): DeskBook {
  const desk = new DeskBook({ initialCash: Money.of(10_000, 'USD'), instruments: [instrumentFor('EURUSD'), instrumentFor('GBPUSD')] });
  desk.sent({ id: 'oAAAAAAAAAAAAAAAAAAAAA1', strategy: 'intraday', symbol: 'EURUSD', side: 'buy', quantity: Quantity.of('0.3') });
  desk.fill({ orderId: 'oAAAAAAAAAAAAAAAAAAAAA1', strategy: 'intraday', symbol: 'EURUSD', side: 'buy', quantity: Quantity.of('0.3'), price: 1.1, time: 1, commission: Money.of('2.1', 'USD'), reason: 'entry' });
  desk.sent({ id: 'oAAAAAAAAAAAAAAAAAAAAA2', strategy: 'swing', symbol: 'GBPUSD', side: 'sell', quantity: Quantity.of('0.2') });
  return desk;
}

const agreeing = {
  currency: 'USD',
  cash: '9997.9',
  positions: [{ strategy: 'intraday', symbol: 'EURUSD', size: '0.30', averagePrice: '1.1' }],
  orders: [{ clientOrderId: 'oAAAAAAAAAAAAAAAAAAAAA2', strategy: 'swing', symbol: 'GBPUSD', side: 'sell' as const, orderType: 'market' as const, size: '0.2', reason: 'entry' }],
};

describe('reconciling the desk’s book with a venue snapshot', () => {
  it('finds no difference when cash, positions and working orders agree (decimals compared exactly, not as text)', () => {
    expect(book().cash.amount.toFixed()).toBe('9997.9');
    expect(reconcileWithVenue(book(), agreeing)).toEqual([]);
  });

  it('names a position the venue does not hold', () => {
    const differences = reconcileWithVenue(book(), { ...agreeing, positions: [] });
    expect(differences).toEqual([{ kind: 'position', key: 'intraday/EURUSD', desk: '0.3', venue: null }]);
    expect(describeDifference(differences[0])).toBe('position intraday/EURUSD of 0.3 lots at the desk is missing at the venue');
  });

  it('names a position of a different size, and a short held as a long', () => {
    expect(reconcileWithVenue(book(), { ...agreeing, positions: [{ strategy: 'intraday', symbol: 'EURUSD', size: '0.4', averagePrice: '1.1' }] })).toEqual([
      { kind: 'position', key: 'intraday/EURUSD', desk: '0.3', venue: '0.4' },
    ]);
    expect(reconcileWithVenue(book(), { ...agreeing, positions: [{ strategy: 'intraday', symbol: 'EURUSD', size: '-0.3', averagePrice: '1.1' }] })).toEqual([
      { kind: 'position', key: 'intraday/EURUSD', desk: '0.3', venue: '-0.3' },
    ]);
  });

  it('names a working order unknown to the desk, one missing at the venue, and a different cash', () => {
    const stranger = { ...agreeing.orders[0], clientOrderId: 'oAAAAAAAAAAAAAAAAAAAAA9' };
    const differences = reconcileWithVenue(book(), { ...agreeing, cash: '9997.89', orders: [stranger] });
    expect(differences).toEqual([
      { kind: 'cash', key: 'cash', desk: '9997.9', venue: '9997.89' },
      { kind: 'order', key: 'oAAAAAAAAAAAAAAAAAAAAA2', desk: '0.2', venue: null },
      { kind: 'order', key: 'oAAAAAAAAAAAAAAAAAAAAA9', desk: null, venue: '0.2' },
    ]);
    expect(differences.map(describeDifference)).toEqual([
      'cash is 9997.9 at the desk but 9997.89 at the venue',
      'working order oAAAAAAAAAAAAAAAAAAAAA2 of 0.2 lots at the desk is missing at the venue',
      'working order oAAAAAAAAAAAAAAAAAAAAA9 of 0.2 lots at the venue is unknown to the desk',
    ]);
  });
});

describe('reconciling: how positions and orders are compared', () => {
  it('sums the venue’s lines of one strategy and symbol, skips its empty ones, and compares a short as negative lots', () => {
    const desk = book();
    desk.sent({ id: 'oAAAAAAAAAAAAAAAAAAAAA3', strategy: 'swing', symbol: 'EURUSD', side: 'sell', quantity: Quantity.of('0.2') });
    desk.fill({ orderId: 'oAAAAAAAAAAAAAAAAAAAAA3', strategy: 'swing', symbol: 'EURUSD', side: 'sell', quantity: Quantity.of('0.2'), price: 1.1, time: 2, commission: Money.of(0, 'USD'), reason: 'entry' });
    const positions = [
      { strategy: 'intraday', symbol: 'EURUSD', size: '0.1', averagePrice: '1.1' },
      { strategy: 'intraday', symbol: 'EURUSD', size: '0.2', averagePrice: '1.1' },
      { strategy: 'swing', symbol: 'EURUSD', size: '-0.2', averagePrice: '1.1' },
      { strategy: 'carry', symbol: 'GBPUSD', size: '0', averagePrice: '1.25' },
    ];
    expect(reconcileWithVenue(desk, { ...agreeing, positions })).toEqual([]);
  });

  it('forgets a position the desk has closed', () => {
    const desk = book();
    desk.fill({ orderId: 'close', strategy: 'intraday', symbol: 'EURUSD', side: 'sell', quantity: Quantity.of('0.3'), price: 1.1, time: 2, commission: Money.of(0, 'USD'), reason: 'exit' });
    expect(reconcileWithVenue(desk, { ...agreeing, positions: [] })).toEqual([]);
  });

  it('names positions and orders of different sizes, in key order', () => {
    const differences = reconcileWithVenue(book(), {
      ...agreeing,
      positions: [
        { strategy: 'intraday', symbol: 'EURUSD', size: '0.5', averagePrice: '1.1' },
        { strategy: 'another', symbol: 'GBPUSD', size: '1', averagePrice: '1.25' },
      ],
      orders: [{ ...agreeing.orders[0], size: '0.25' }],
    });
    expect(differences).toEqual([
      { kind: 'position', key: 'another/GBPUSD', desk: null, venue: '1' },
      { kind: 'position', key: 'intraday/EURUSD', desk: '0.3', venue: '0.5' },
      { kind: 'order', key: 'oAAAAAAAAAAAAAAAAAAAAA2', desk: '0.2', venue: '0.25' },
    ]);
    expect(differences.map(describeDifference)).toEqual([
      'position another/GBPUSD of 1 lots at the venue is unknown to the desk',
      'position intraday/EURUSD is 0.3 lots at the desk but 0.5 lots at the venue',
      'working order oAAAAAAAAAAAAAAAAAAAAA2 is 0.2 lots at the desk but 0.25 lots at the venue',
    ]);
  });

  it('compares every position of a book of eight strategies, the last one included', () => {
    const desk = new DeskBook({ initialCash: Money.of(10_000, 'USD'), instruments: [instrumentFor('EURUSD'), instrumentFor('GBPUSD')] });
    const strategies = ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'];
    strategies.forEach((strategy, k) => {
      const side = k % 2 === 0 ? 'buy' : 'sell';
      desk.sent({ id: `o${k}`, strategy, symbol: 'GBPUSD', side, quantity: Quantity.of('0.1') });
      desk.fill({ orderId: `o${k}`, strategy, symbol: 'GBPUSD', side, quantity: Quantity.of('0.1'), price: 1.25, time: 1, commission: Money.of(0, 'USD'), reason: 'entry' });
    });
    // Eight positions fill the ledger's first block of position slots exactly.
    expect(desk.ledger.positionCount).toBe(8);
    const positions = strategies.map((strategy, k) => ({ strategy, symbol: 'GBPUSD', size: k % 2 === 0 ? '0.1' : '-0.1', averagePrice: '1.25' }));
    expect(reconcileWithVenue(desk, { currency: 'USD', cash: '10000', positions, orders: [] })).toEqual([]);
    expect(reconcileWithVenue(desk, { currency: 'USD', cash: '10000', positions: positions.slice(0, 7), orders: [] })).toEqual([{ kind: 'position', key: 's8/GBPUSD', desk: '-0.1', venue: null }]);
  });

  it('names a different account currency', () => {
    const differences = reconcileWithVenue(book(), { ...agreeing, currency: 'EUR' });
    expect(differences).toEqual([{ kind: 'currency', key: 'currency', desk: 'USD', venue: 'EUR' }]);
    expect(describeDifference(differences[0])).toBe('the account currency is USD at the desk but EUR at the venue');
  });
});
