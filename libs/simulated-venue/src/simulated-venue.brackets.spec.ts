// A position's brackets over its life: set by the order that opens or adds to
// it, kept by orders that carry none, never replaced by an order that reduces
// it, cleared when it goes flat; trailing levels ratcheting bar after bar;
// stop exits slipping against the trader, target exits not.
// Hand-built EURUSD bars from Monday 2022-01-03 10:00 UTC, spread in points.
import { clientOrderIdFor, derivedId, venueOrderCause } from '@trading/contracts';
import { instrumentFor, ManualClock, Money, Quantity } from '@trading/domain';
import { DEFAULT_FILL_MODEL, type FillModel } from './fill-model';
import type { VenueBar } from './matching';
import type { Fill, Order, OrderRequest } from './order';
import { SimulatedVenue } from './simulated-venue';

const T0 = Date.UTC(2022, 0, 3, 10);
const bar = (i: number, open: number, high: number, low: number, close: number, spread = 0): VenueBar => ({ time: T0 + i * 300_000, open, high, low, close, spread });
const flat = (i: number, price: number, spread = 0) => bar(i, price, price, price, price, spread);

function venue(fill: Partial<FillModel> = {}) {
  const fills: Fill[] = [];
  const orders: Order[] = [];
  const clock = new ManualClock(T0);
  const v = new SimulatedVenue({
    instruments: [instrumentFor('EURUSD')],
    fill: { ...DEFAULT_FILL_MODEL, ...fill },
    initialCash: Money.of(10_000, 'USD'),
    clock,
    listener: { onFill: (f) => fills.push(f), onOrder: (o) => orders.push(o) },
  });
  const position = v.positionIndex('s', 'EURUSD');
  let count = 0;
  const submit = (fields: Partial<OrderRequest>) => v.submit({ strategy: 's', symbol: 'EURUSD', side: 'buy', type: 'market', quantity: Quantity.of('1'), reason: 'signal', id: `o${++count}`, ...fields });
  const seen = () => fills.map((f) => [f.side, f.priceNumber, f.reason]);
  const brackets = () => v.brackets(position);
  return { v, fills, orders, clock, position, submit, seen, brackets };
}

const NONE = { stopLoss: Number.NaN, takeProfit: Number.NaN, trailingStop: Number.NaN };

describe('SimulatedVenue brackets over a position life', () => {
  it('has none before a fill, takes those of the opening order, and keeps them through an add that carries none', () => {
    const { v, submit, brackets } = venue();
    expect(brackets()).toEqual(NONE);
    v.onBar(0, flat(0, 1.1));
    submit({ stopLoss: 1.09, takeProfit: 1.12, trailingStopDistance: 0.005 });
    v.onBar(0, flat(1, 1.1));
    // The trailing distance ratcheted the stop to 1.1 - 0.005 = 1.095 after the bar.
    const { stopLoss, ...rest } = brackets();
    expect(stopLoss).toBeCloseTo(1.095, 12);
    expect(rest).toEqual({ takeProfit: 1.12, trailingStop: 0.005 });
    submit({});
    v.onBar(0, flat(2, 1.1));
    expect(brackets()).toEqual({ stopLoss, takeProfit: 1.12, trailingStop: 0.005 });
    expect(v.ledger.quantityAt(0).toString()).toBe('2');
  });

  it('takes new brackets from an order that adds to the position', () => {
    const { v, submit, brackets } = venue();
    v.onBar(0, flat(0, 1.1));
    submit({ stopLoss: 1.09, takeProfit: 1.12 });
    v.onBar(0, flat(1, 1.1));
    submit({ stopLoss: 1.08, takeProfit: 1.13 });
    v.onBar(0, flat(2, 1.1));
    expect(brackets()).toEqual({ stopLoss: 1.08, takeProfit: 1.13, trailingStop: Number.NaN });
  });

  it('keeps its brackets through an order that reduces it, whatever that order carries', () => {
    const { v, submit, brackets, seen } = venue();
    v.onBar(0, flat(0, 1.1));
    submit({ quantity: Quantity.of('2'), stopLoss: 1.09, takeProfit: 1.12 });
    v.onBar(0, flat(1, 1.1));
    submit({ side: 'sell', stopLoss: 1.2, takeProfit: 1.05, trailingStopDistance: 0.001 });
    v.onBar(0, flat(2, 1.1));
    expect(brackets()).toEqual({ stopLoss: 1.09, takeProfit: 1.12, trailingStop: Number.NaN });
    // The 1 lot left exits at its own target.
    v.onBar(0, bar(3, 1.1, 1.121, 1.1, 1.12));
    expect(seen()[2]).toEqual(['sell', 1.12, 'take-profit']);
  });

  it('clears them when the position goes flat, so a position reopened without brackets has none', () => {
    const { v, submit, brackets, fills } = venue();
    v.onBar(0, flat(0, 1.1));
    submit({ stopLoss: 1.09, takeProfit: 1.12, trailingStopDistance: 0.005 });
    v.onBar(0, flat(1, 1.1));
    submit({ side: 'sell' });
    v.onBar(0, flat(2, 1.1));
    expect(brackets()).toEqual(NONE);
    submit({});
    v.onBar(0, flat(3, 1.1));
    // A bar through every old level closes nothing.
    v.onBar(0, bar(4, 1.1, 1.13, 1.08, 1.1));
    expect(fills).toHaveLength(3);
    expect(brackets()).toEqual(NONE);
  });

  it('clears them when a bracket closes the position', () => {
    const { v, submit, brackets } = venue();
    v.onBar(0, flat(0, 1.1));
    submit({ stopLoss: 1.09, takeProfit: 1.12 });
    v.onBar(0, bar(1, 1.1, 1.1, 1.085, 1.09));
    expect([v.ledger.sideAt(0), brackets()]).toEqual([0, NONE]);
  });

  it('ratchets a long trailing stop bar after bar, never down, and exits at it with slippage', () => {
    const { v, submit, brackets, seen } = venue({ slippage: { kind: 'fixed-pips', pips: 1 } });
    v.onBar(0, flat(0, 1.1));
    submit({ trailingStopDistance: 0.002 });
    // Bought at 1.1 + 1 pip of slippage = 1.1001; the high 1.103 sets the stop at 1.101.
    v.onBar(0, bar(1, 1.1, 1.103, 1.1, 1.102));
    expect(brackets().stopLoss).toBeCloseTo(1.101, 12);
    // A lower high leaves it; a higher one moves it to 1.104.
    v.onBar(0, bar(2, 1.102, 1.1025, 1.1015, 1.102));
    expect(brackets().stopLoss).toBeCloseTo(1.101, 12);
    v.onBar(0, bar(3, 1.102, 1.106, 1.1045, 1.105));
    expect(brackets().stopLoss).toBeCloseTo(1.104, 12);
    // The low 1.1035 reaches it: sold at 1.104 - 1 pip.
    v.onBar(0, bar(4, 1.105, 1.105, 1.1035, 1.104));
    expect(seen()).toEqual([
      ['buy', 1.1001, 'signal; filled at the open'],
      ['sell', 1.1039, 'stop-loss'],
    ]);
    expect(v.ledger.costs().slippage.toString()).toBe('20');
  });

  it('leaves a fixed stop where it is over bars that move in the trade favour', () => {
    const { v, submit, brackets } = venue();
    v.onBar(0, flat(0, 1.1));
    submit({ stopLoss: 1.09 });
    v.onBar(0, bar(1, 1.1, 1.11, 1.1, 1.11));
    v.onBar(0, bar(2, 1.11, 1.12, 1.11, 1.12));
    expect(brackets()).toEqual({ stopLoss: 1.09, takeProfit: Number.NaN, trailingStop: Number.NaN });
  });

  it('exits a short at the ask: the stop with slippage added, the target without, each paying the spread', () => {
    const stop = venue({ slippage: { kind: 'fixed-pips', pips: 1 } });
    stop.v.onBar(0, flat(0, 1.1, 10));
    stop.submit({ side: 'sell', stopLoss: 1.105 });
    // Sold at 1.1 - 1 pip; the ask high 1.1049 + 1 pip reaches 1.105: bought at 1.105 + 1 pip.
    stop.v.onBar(0, bar(1, 1.1, 1.1049, 1.1, 1.1, 10));
    expect(stop.seen()).toEqual([
      ['sell', 1.0999, 'signal; filled at the open'],
      ['buy', 1.1051, 'stop-loss'],
    ]);
    expect(stop.v.ledger.costs().spread.toString()).toBe('10');

    const target = venue({ slippage: { kind: 'fixed-pips', pips: 1 } });
    target.v.onBar(0, flat(0, 1.1, 10));
    target.submit({ side: 'sell', takeProfit: 1.095 });
    // The ask low 1.0949 + 1 pip = 1.095 reaches the target: bought at 1.095, unslipped.
    target.v.onBar(0, bar(1, 1.1, 1.1, 1.0949, 1.096, 10));
    expect(target.seen()).toEqual([
      ['sell', 1.0999, 'signal; filled at the open'],
      ['buy', 1.095, 'take-profit'],
    ]);
    expect(target.v.ledger.costs().slippage.toString()).toBe('10');
  });

  it('exits a long target at the bid, paying no spread and no slippage', () => {
    const { v, submit, seen } = venue({ slippage: { kind: 'fixed-pips', pips: 1 } });
    v.onBar(0, flat(0, 1.1, 10));
    submit({ takeProfit: 1.105 });
    v.onBar(0, bar(1, 1.1, 1.105, 1.1, 1.1, 10));
    // Bought at the ask 1.1001 + 1 pip of slippage; sold at the target.
    expect(seen()).toEqual([
      ['buy', 1.1002, 'signal; filled at the open'],
      ['sell', 1.105, 'take-profit'],
    ]);
    expect([v.ledger.costs().spread.toString(), v.ledger.costs().slippage.toString()]).toEqual(['10', '10']);
  });

  it('names the closing order of a target exit by its kind', () => {
    const { v, submit, orders, clock } = venue();
    v.onBar(0, flat(0, 1.1));
    submit({ takeProfit: 1.105 });
    clock.set(T0 + 300_000);
    v.onBar(0, bar(1, 1.1, 1.106, 1.1, 1.1));
    const id = clientOrderIdFor(derivedId(venueOrderCause('s', 'EURUSD', T0 + 300_000), 'venue/take-profit', T0 + 300_000));
    expect(orders.map((o) => [o.id, o.side, o.reason])).toEqual([
      ['o1', 'buy', 'signal'],
      [id, 'sell', 'take-profit'],
    ]);
  });

  it('checks the brackets of every open position of the symbol, past flat ones', () => {
    const { v, fills } = venue();
    v.positionIndex('a', 'EURUSD');
    v.onBar(0, flat(0, 1.1));
    v.submit({ strategy: 'b', symbol: 'EURUSD', side: 'buy', type: 'market', quantity: Quantity.of('1'), stopLoss: 1.09, reason: 'b', id: 'b1' });
    v.submit({ strategy: 'c', symbol: 'EURUSD', side: 'sell', type: 'market', quantity: Quantity.of('1'), stopLoss: 1.11, reason: 'c', id: 'c1' });
    v.onBar(0, bar(1, 1.1, 1.12, 1.08, 1.1));
    expect(fills.map((f) => [f.strategy, f.side, f.priceNumber, f.reason])).toEqual([
      ['b', 'buy', 1.1, 'b; filled at the open'],
      ['c', 'sell', 1.1, 'c; filled at the open'],
      ['b', 'sell', 1.09, 'stop-loss'],
      ['c', 'buy', 1.11, 'stop-loss'],
    ]);
  });
});

describe('SimulatedVenue trailing-stop orders', () => {
  it('anchors a sell at the last bid, ratchets it to each bar high while working, and fills at the level with slippage', () => {
    const { v, submit, seen } = venue({ slippage: { kind: 'fixed-pips', pips: 1 } });
    v.onBar(0, bar(0, 1.1, 1.1, 1.1, 1.1, 10));
    submit({ side: 'sell', type: 'trailing-stop', trailDistance: 0.003 });
    // Anchor 1.1 (the bid; the spread does not count for a sell): level 1.097, under the low 1.099.
    v.onBar(0, bar(1, 1.1, 1.104, 1.099, 1.103, 10));
    expect(v.openOrders(0)).toHaveLength(1);
    // Anchor now 1.104: level 1.101, which the low 1.1005 reaches.
    v.onBar(0, bar(2, 1.103, 1.103, 1.1005, 1.101, 10));
    expect(seen()).toEqual([['sell', 1.1009, 'signal; filled at the stop']]);
  });

  it('anchors a sell at the last bid, whatever the spread', () => {
    const { v, submit, seen } = venue();
    v.onBar(0, bar(0, 1.1, 1.1, 1.1, 1.1, 10));
    submit({ side: 'sell', type: 'trailing-stop', trailDistance: 0.003 });
    // Anchor 1.1, level 1.097 (from the ask 1.1001 it would be 1.0971): the low 1.0965 passes it.
    v.onBar(0, bar(1, 1.1, 1.1, 1.0965, 1.098, 10));
    expect(seen()).toEqual([['sell', 1.097, 'signal; filled at the stop']]);
  });

  it('anchors a buy at the last ask', () => {
    const { v, submit, seen } = venue();
    v.onBar(0, bar(0, 1.1, 1.1, 1.1, 1.1, 10));
    submit({ side: 'buy', type: 'trailing-stop', trailDistance: 0.003 });
    // Anchor 1.1001: level 1.1031, which the ask high 1.103 + 0.0001 reaches exactly.
    v.onBar(0, bar(1, 1.1, 1.103, 1.1, 1.1, 10));
    expect(seen()).toEqual([['buy', 1.1031, 'signal; filled at the stop']]);
  });
});
