// Order intake: a request the venue cannot work fails at submission with a
// message naming what is wrong (each bound exactly at its limit and one step
// past it); a taken order is reported as submitted, without the venue's own
// working state; the venue's own closing orders get ids derived from the position.
import { clientOrderIdFor, derivedId, venueOrderCause } from '@trading/contracts';
import { instrumentFor, ManualClock, Money, Quantity } from '@trading/domain';
import { DEFAULT_FILL_MODEL } from './fill-model';
import type { VenueBar } from './matching';
import type { Order, OrderRequest } from './order';
import { SimulatedVenue } from './simulated-venue';
import { checkRequest } from './venue-orders';

const MON_1000 = Date.UTC(2022, 0, 3, 10);
const request = (fields: Partial<OrderRequest>): OrderRequest => ({ strategy: 's', symbol: 'EURUSD', side: 'buy', type: 'market', quantity: Quantity.of('1'), reason: 'r', id: 'o', ...fields });

describe('checkRequest', () => {
  it.each([
    ['a quantity of 0 lots', { quantity: Quantity.of('0') }, 'market buy EURUSD: quantity must be > 0 lots'],
    ['a limit without a price', { type: 'limit', side: 'sell' }, 'limit sell EURUSD: needs a price > 0'],
    ['a limit at 0', { type: 'limit', price: 0 }, 'limit buy EURUSD: needs a price > 0'],
    ['a stop without a price', { type: 'stop' }, 'stop buy EURUSD: needs a price > 0'],
    ['a stop at -1', { type: 'stop', price: -1 }, 'stop buy EURUSD: needs a price > 0'],
    ['a trailing stop without a distance', { type: 'trailing-stop' }, 'trailing-stop buy EURUSD: needs a trailDistance > 0'],
    ['a trailing stop at distance 0', { type: 'trailing-stop', trailDistance: 0 }, 'trailing-stop buy EURUSD: needs a trailDistance > 0'],
    ['a trailing bracket at distance 0', { trailingStopDistance: 0 }, 'market buy EURUSD: trailingStopDistance must be > 0'],
    ['a trailing bracket at distance NaN', { trailingStopDistance: Number.NaN }, 'market buy EURUSD: trailingStopDistance must be > 0'],
    ['a buy whose stop is its target', { stopLoss: 1.1, takeProfit: 1.1 }, 'market buy EURUSD: stopLoss 1.1 must be below takeProfit 1.1'],
    ['a buy whose stop is over its target', { stopLoss: 1.2, takeProfit: 1.1 }, 'market buy EURUSD: stopLoss 1.2 must be below takeProfit 1.1'],
    ['a sell whose stop is its target', { side: 'sell', stopLoss: 1.1, takeProfit: 1.1 }, 'market sell EURUSD: stopLoss 1.1 must be above takeProfit 1.1'],
    ['a sell whose stop is under its target', { side: 'sell', stopLoss: 1.0, takeProfit: 1.1 }, 'market sell EURUSD: stopLoss 1 must be above takeProfit 1.1'],
  ] as [string, Partial<OrderRequest>, string][])('refuses %s', (_what, fields, message) => {
    expect(() => checkRequest(request(fields))).toThrow(new RangeError(message));
  });

  it.each([
    ['a market order with no price, distance or bracket', {}],
    ['the smallest quantity', { quantity: Quantity.of('0.01') }],
    ['a limit at a price', { type: 'limit', price: 0.00001 }],
    ['a stop at a price', { type: 'stop', price: 1.1 }],
    ['a trailing stop at a distance', { type: 'trailing-stop', trailDistance: 0.00001 }],
    ['a trailing bracket at a distance', { trailingStopDistance: 0.00001 }],
    ['a buy with its stop a point under its target', { stopLoss: 1.09999, takeProfit: 1.1 }],
    ['a sell with its stop a point over its target', { side: 'sell', stopLoss: 1.10001, takeProfit: 1.1 }],
    ['a buy with its stop alone, over the market', { stopLoss: 2 }],
    ['a sell with its target alone, over the market', { side: 'sell', takeProfit: 2 }],
  ] as [string, Partial<OrderRequest>][])('takes %s', (_what, fields) => {
    expect(() => checkRequest(request(fields))).not.toThrow();
  });
});

describe('SimulatedVenue order intake', () => {
  function venue() {
    const orders: Order[] = [];
    const cancels: [Order, string][] = [];
    const clock = new ManualClock(MON_1000);
    const v = new SimulatedVenue({
      instruments: [instrumentFor('EURUSD')],
      fill: DEFAULT_FILL_MODEL,
      initialCash: Money.of(10_000, 'USD'),
      clock,
      listener: { onOrder: (o) => orders.push(o), onCancel: (o, reason) => cancels.push([o, reason]) },
    });
    return { v, orders, cancels, clock };
  }
  const bar = (time: number, open: number, high: number, low: number, close: number, spread = 0): VenueBar => ({ time, open, high, low, close, spread });

  it('refuses a malformed request before taking it: nothing is reported or pending', () => {
    const { v, orders } = venue();
    expect(() => v.submit(request({ type: 'limit' }))).toThrow('limit buy EURUSD: needs a price > 0');
    expect(orders).toEqual([]);
    expect(v.openOrders(0)).toEqual([]);
  });

  it('reports a taken order as submitted, at the clock time, without its working state', () => {
    const { v, orders } = venue();
    const submitted = v.submit(request({ id: 'lim', type: 'limit', price: 1.09, stopLoss: 1.08, takeProfit: 1.12, reason: 'dip' }));
    const reported: Order = {
      strategy: 's',
      symbol: 'EURUSD',
      side: 'buy',
      type: 'limit',
      quantity: Quantity.of('1'),
      price: 1.09,
      trailDistance: undefined,
      stopLoss: 1.08,
      takeProfit: 1.12,
      trailingStopDistance: undefined,
      reason: 'dip',
      id: 'lim',
      submittedAt: MON_1000,
    };
    expect(orders).toStrictEqual([reported]);
    expect(v.openOrders(0)).toEqual([submitted]);
    expect(submitted).toMatchObject({ ...reported, anchor: Number.NaN });
  });

  it('refuses a trailing-stop order on a symbol with no price yet', () => {
    const { v, orders } = venue();
    expect(() => v.submit(request({ type: 'trailing-stop', trailDistance: 0.001 }))).toThrow(
      new RangeError('trailing-stop on EURUSD needs a price first: submit it after a bar'),
    );
    expect([orders, v.openOrders(0)]).toEqual([[], []]);
  });

  it('cancels a pending order by id, reporting it without its working state, and answers false for an unknown id', () => {
    const { v, cancels } = venue();
    v.submit(request({ id: 'a', type: 'limit', price: 1.0 }));
    v.submit(request({ id: 'b', type: 'limit', price: 1.01 }));
    v.submit(request({ id: 'c', type: 'limit', price: 1.02 }));
    expect(v.cancel('b', 'replaced')).toBe(true);
    expect(v.cancel('b', 'again')).toBe(false);
    expect(v.cancel('zzz', 'never sent')).toBe(false);
    expect(v.openOrders(0).map((o) => o.id)).toEqual(['a', 'c']);
    expect(cancels).toHaveLength(1);
    expect(cancels[0][1]).toBe('replaced');
    expect(cancels[0][0]).toMatchObject({ id: 'b', price: 1.01 });
    expect('anchor' in cancels[0][0]).toBe(false);
  });

  it('finds an order to cancel on any symbol slot', () => {
    const v = new SimulatedVenue({ instruments: [instrumentFor('EURUSD'), instrumentFor('GBPUSD')], fill: DEFAULT_FILL_MODEL, initialCash: Money.of(10_000, 'USD'), clock: new ManualClock(0) });
    v.submit(request({ id: 'eur', type: 'limit', price: 1.0 }));
    v.submit(request({ id: 'gbp', symbol: 'GBPUSD', type: 'limit', price: 1.2 }));
    expect(v.cancel('gbp', 'x')).toBe(true);
    expect([v.openOrders(0).map((o) => o.id), v.openOrders(1)]).toEqual([['eur'], []]);
  });

  it('opens its own market orders to close a position, with ids derived from the position, its entry and the kind of exit', () => {
    const { v, orders, clock } = venue();
    v.onBar(0, bar(MON_1000, 1.1, 1.1, 1.1, 1.1));
    v.submit(request({ id: 'long', stopLoss: 1.095 }));
    // Filled at the 10:05 open; the same bar's low 1.094 takes the stop.
    clock.set(MON_1000 + 300_000);
    v.onBar(0, bar(MON_1000 + 300_000, 1.1, 1.1, 1.094, 1.096));
    const entryTime = MON_1000 + 300_000;
    const closing: Order = {
      id: clientOrderIdFor(derivedId(venueOrderCause('s', 'EURUSD', entryTime), 'venue/stop-loss', MON_1000 + 300_000)),
      strategy: 's',
      symbol: 'EURUSD',
      side: 'sell',
      type: 'market',
      quantity: Quantity.of('1'),
      submittedAt: MON_1000 + 300_000,
      reason: 'stop-loss',
    };
    expect(orders.map((o) => o.id)).toEqual(['long', closing.id]);
    expect(orders[1]).toStrictEqual(closing);
  });
});
