// Fills outside the next-open path: market orders filled at the signal bar's
// close, positions flattened at the end of data; and what every fill reports
// (the price rounded to the instrument's point, the costs inside it).
// Hand-built EURUSD bars from Monday 2022-01-03 10:00 UTC, spread in points.
import { clientOrderIdFor, derivedId, venueOrderCause } from '@trading/contracts';
import { instrumentFor, ManualClock, Money, Quantity } from '@trading/domain';
import { DEFAULT_FILL_MODEL, type FillModel } from './fill-model';
import type { VenueBar } from './matching';
import type { Fill, Order, OrderRequest } from './order';
import { SimulatedVenue } from './simulated-venue';

const T0 = Date.UTC(2022, 0, 3, 10);
const bar = (i: number, open: number, high: number, low: number, close: number, spread = 0): VenueBar => ({ time: T0 + i * 300_000, open, high, low, close, spread });

function venue(fill: Partial<FillModel> = {}) {
  const fills: Fill[] = [];
  const v = new SimulatedVenue({
    instruments: [instrumentFor('EURUSD')],
    fill: { ...DEFAULT_FILL_MODEL, ...fill },
    initialCash: Money.of(10_000, 'USD'),
    clock: new ManualClock(T0),
    listener: { onFill: (f) => fills.push(f) },
  });
  const position = v.positionIndex('s', 'EURUSD');
  let orders = 0;
  const submit = (fields: Partial<OrderRequest>) => v.submit({ strategy: 's', symbol: 'EURUSD', side: 'buy', type: 'market', quantity: Quantity.of('1'), reason: 'signal', id: `o${++orders}`, ...fields });
  const seen = () => fills.map((f) => [f.side, f.priceNumber, f.reason]);
  return { v, fills, position, submit, seen };
}

describe('SimulatedVenue fills at the close', () => {
  it('fills market orders at the close (a buy at the ask plus slippage, a sell at the bid less it) and leaves other orders working', () => {
    const { v, submit, seen, position } = venue({ timing: 'close', slippage: { kind: 'fixed-pips', pips: 0.5 } });
    const b = bar(0, 1.1, 1.102, 1.098, 1.1012, 10);
    v.onBar(0, b);
    submit({ id: 'limit', type: 'limit', price: 1.05 });
    submit({ id: 'buy' });
    submit({ id: 'sell', side: 'sell', quantity: Quantity.of('0.5') });
    v.fillMarketAtClose(0, b);
    // Buy: 1.1012 + 1 pip of spread + 0.5 pip = 1.10135; sell: 1.1012 - 0.5 pip = 1.10115.
    expect(seen()).toEqual([
      ['buy', 1.10135, 'signal; filled at the close'],
      ['sell', 1.10115, 'signal; filled at the close'],
    ]);
    expect(v.openOrders(0).map((o) => o.id)).toEqual(['limit']);
    // 0.5 lot left long, marked at the close bid: (1.1012 - 1.10135) x 50,000 = -7.5 unrealized.
    expect(v.ledger.unrealizedAt(position)).toBeCloseTo(-7.5, 9);
    expect(v.ledger.costs().slippage.toString()).toBe('7.5');
  });

  it('does nothing at the close with no order pending', () => {
    const { v, fills } = venue({ timing: 'close' });
    v.fillMarketAtClose(0, bar(0, 1.1, 1.1, 1.1, 1.1));
    expect(fills).toEqual([]);
  });
});

describe('SimulatedVenue end of data', () => {
  it('flattens a long at the close bid and a short at the close ask, and leaves a flat position alone', () => {
    const long = venue();
    long.v.onBar(0, bar(0, 1.1, 1.1, 1.1, 1.1, 10));
    long.submit({});
    const last = bar(1, 1.1, 1.103, 1.099, 1.102, 10);
    long.v.onBar(0, last);
    long.v.closeAtBarClose(long.position, last, 'end of data');
    long.v.closeAtBarClose(long.position, last, 'again');
    // Bought at the ask open 1.1001, sold at the close bid 1.102: +190 USD.
    expect(long.seen()).toEqual([
      ['buy', 1.1001, 'signal; filled at the open'],
      ['sell', 1.102, 'end of data'],
    ]);
    expect(long.v.ledger.cash.toString()).toBe('10190');
    expect(long.v.ledger.trades[0].exitReason).toBe('end of data');
    // The long paid the 1 pip spread on its entry only (0.0001 x 100,000 = 10 USD): its exit sells at the bid.
    expect(long.v.ledger.costs().spread.toString()).toBe('10');

    const short = venue();
    short.v.onBar(0, bar(0, 1.1, 1.1, 1.1, 1.1, 10));
    short.submit({ side: 'sell' });
    short.v.onBar(0, last);
    short.v.closeAtBarClose(short.position, last, 'end of data');
    // Sold at the bid open 1.1, bought back at the close ask 1.1021: -210 USD.
    expect(short.seen()).toEqual([
      ['sell', 1.1, 'signal; filled at the open'],
      ['buy', 1.1021, 'end of data'],
    ]);
    expect(short.v.ledger.cash.toString()).toBe('9790');
    expect(short.v.ledger.costs().spread.toString()).toBe('10');
    expect(short.v.ledger.equity()).toBeCloseTo(9_790, 9);
  });

  it('names its closing order by the position and the kind of exit', () => {
    const orders: Order[] = [];
    const v = new SimulatedVenue({ instruments: [instrumentFor('EURUSD')], fill: DEFAULT_FILL_MODEL, initialCash: Money.of(10_000, 'USD'), clock: new ManualClock(T0), listener: { onOrder: (o) => orders.push(o) } });
    v.onBar(0, bar(0, 1.1, 1.1, 1.1, 1.1));
    v.submit({ strategy: 's', symbol: 'EURUSD', side: 'sell', type: 'market', quantity: Quantity.of('1'), reason: 'r', id: 'short' });
    const last = bar(1, 1.1, 1.1, 1.1, 1.1);
    v.onBar(0, last);
    v.closeAtBarClose(v.positionIndex('s', 'EURUSD'), last, 'end of data');
    const id = clientOrderIdFor(derivedId(venueOrderCause('s', 'EURUSD', T0 + 300_000), 'venue/close', T0));
    expect(orders.map((o) => [o.id, o.side, o.reason])).toEqual([
      ['short', 'sell', 'r'],
      [id, 'buy', 'end of data'],
    ]);
  });
});

describe('SimulatedVenue fill reports', () => {
  it('rounds a fill price to the instrument point and reports the booking', () => {
    // Fixed 0.33 pip spread: the ask open 1.1 + 0.000033 = 1.100033 rounds to 1.10003.
    const { v, fills, submit } = venue({ spread: { source: 'fixed', pips: 0.33 }, commission: { kind: 'per-lot', amount: 2 } });
    v.onBar(0, bar(0, 1.1, 1.1, 1.1, 1.1));
    submit({ quantity: Quantity.of('0.5') });
    v.onBar(0, bar(1, 1.1, 1.1, 1.1, 1.1));
    submit({ side: 'sell', quantity: Quantity.of('0.5'), reason: 'exit' });
    // The sell at the bid open 1.100056 rounds up to 1.10006.
    v.onBar(0, bar(2, 1.100056, 1.1001, 1.1, 1.1001));
    const [entry, exit] = fills;
    expect({ ...entry, quantity: entry.quantity.toString(), price: entry.price.toFixed(), commission: entry.commission.toString(), realizedPnl: entry.realizedPnl.toString(), cashAfter: entry.cashAfter.toString() }).toEqual({
      orderId: 'o1',
      strategy: 's',
      symbol: 'EURUSD',
      side: 'buy',
      quantity: '0.5',
      price: '1.10003',
      priceNumber: 1.10003,
      time: T0 + 300_000,
      commission: '1',
      realizedPnl: '0',
      positionAfter: '0.5',
      cashAfter: '9999',
      reason: 'signal; filled at the open',
      trade: undefined,
    });
    // (1.10006 - 1.10003) x 50,000 = 1.5 USD, less 1 of commission on each side.
    expect([exit.price.toFixed(), exit.realizedPnl.toString(), exit.positionAfter, exit.cashAfter.toString(), exit.trade?.netPnl.toString()]).toEqual(['1.10006', '1.5', '0', '9999.5', '-0.5']);
  });

  it('rounds a JPY price to its 3 decimals', () => {
    const fills: Fill[] = [];
    const v = new SimulatedVenue({
      instruments: [instrumentFor('USDJPY')],
      fill: { ...DEFAULT_FILL_MODEL, spread: { source: 'fixed', pips: 0.15 } },
      initialCash: Money.of(10_000, 'USD'),
      clock: new ManualClock(0),
      listener: { onFill: (f) => fills.push(f) },
    });
    v.onBar(0, { time: 0, open: 115, high: 115, low: 115, close: 115, spread: 0 });
    v.submit({ strategy: 's', symbol: 'USDJPY', side: 'buy', type: 'market', quantity: Quantity.of('1'), reason: 'r', id: 'j' });
    v.onBar(0, { time: 1, open: 115, high: 115, low: 115, close: 115, spread: 0 });
    // 115 + 0.15 pip x 0.01 = 115.0015, to 3 decimals 115.002 (half up from the float 115.0015).
    expect(fills.map((f) => f.price.toFixed())).toEqual(['115.002']);
  });
});
