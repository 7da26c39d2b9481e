// The broker's margin rules as the venue applies them after each bar: each
// level exactly at its boundary, a margin call counted once per fall, and the
// stop-out order of positions. Margin is lots x 100,000 x price / 30 (IG
// retail EURUSD); 0.5 lot at 1.2 holds exactly 2,000 USD.
import { clientOrderIdFor, derivedId, venueOrderCause } from '@trading/contracts';
import { instrumentFor, ManualClock, Money, Quantity } from '@trading/domain';
import type { MarginRules } from '@trading/portfolio';
import { DEFAULT_FILL_MODEL } from './fill-model';
import type { VenueBar } from './matching';
import type { Fill, MarginCall, Order } from './order';
import { SimulatedVenue } from './simulated-venue';

const MON_1000 = Date.UTC(2022, 0, 3, 10);
const flat = (i: number, price: number): VenueBar => ({ time: MON_1000 + i * 300_000, open: price, high: price, low: price, close: price, spread: 0 });

function venue(cash: number, margin?: MarginRules) {
  const fills: Fill[] = [];
  const calls: MarginCall[] = [];
  const clock = new ManualClock(MON_1000);
  const v = new SimulatedVenue({
    instruments: [instrumentFor('EURUSD')],
    fill: DEFAULT_FILL_MODEL,
    initialCash: Money.of(cash, 'USD'),
    clock,
    margin,
    listener: { onFill: (f) => fills.push(f), onMarginCall: (call) => calls.push(call) },
  });
  const buy = (strategy: string, lots: string) => v.submit({ id: `${strategy}-${lots}`, strategy, symbol: 'EURUSD', side: 'buy', type: 'market', quantity: Quantity.of(lots), reason: 'test' });
  return { v, fills, calls, clock, buy };
}

describe('SimulatedVenue margin rules', () => {
  it('calls for margin at exactly the call level, once per fall, and again after the level recovered', () => {
    const { v, calls, clock, buy } = venue(2_000);
    v.onBar(0, flat(0, 1.2));
    buy('s', '0.5');
    clock.set(MON_1000 + 300_000);
    // Equity 2,000 over margin 2,000: 100 %.
    v.onBar(0, flat(1, 1.2));
    expect(calls).toEqual([{ time: MON_1000 + 300_000, level: 1, equity: 2_000, marginUsed: 2_000 }]);
    v.onBar(0, flat(2, 1.2));
    expect(v.marginCalls).toBe(1);
    // At 1.26: equity 5,000 over 2,100: the call is over; back at 1.2 it is a new one.
    v.onBar(0, flat(3, 1.26));
    expect(v.marginCalls).toBe(1);
    v.onBar(0, flat(4, 1.2));
    expect([v.marginCalls, v.stopOuts, calls.length]).toEqual([2, 0, 2]);
  });

  it('reports a margin call on the venue first bar', () => {
    const { v, calls, buy } = venue(2_000);
    buy('s', '0.5');
    v.onBar(0, flat(0, 1.2));
    expect(calls.map((c) => c.level)).toEqual([1]);
  });

  it('stops a long out at the latest bid, paying no spread on the exit', () => {
    const { v, fills, buy } = venue(1_000);
    v.onBar(0, { ...flat(0, 1.2), spread: 10 });
    buy('s', '0.5');
    // Bought at the ask 1.2001; marked at the bid 1.2: equity 995 over 2,000 of margin, under 50 %.
    v.onBar(0, { ...flat(1, 1.2), spread: 10 });
    expect(fills.map((f) => [f.side, f.priceNumber, f.positionAfter])).toEqual([
      ['buy', 1.2001, '0.5'],
      ['sell', 1.2, '0'],
    ]);
    // The entry paid 1 pip on 50,000 EUR: 5 USD.
    expect(v.ledger.costs().spread.toString()).toBe('5');
  });

  it('leaves an account a hair above the call level alone', () => {
    // 0.49 lot holds 1,960: equity 2,000 is 102 % of it.
    const { v, calls, buy } = venue(2_000);
    v.onBar(0, flat(0, 1.2));
    buy('s', '0.49');
    v.onBar(0, flat(1, 1.2));
    expect([calls, v.marginCalls]).toEqual([[], 0]);
  });

  it('stops out at exactly the stop-out level, at the latest bid, naming the level', () => {
    const { v, fills, buy } = venue(1_000);
    v.onBar(0, flat(0, 1.2));
    buy('s', '0.5');
    // Equity 1,000 over margin 2,000: 50 %.
    v.onBar(0, flat(1, 1.2));
    expect(fills.map((f) => [f.side, f.priceNumber, f.positionAfter, f.reason])).toEqual([
      ['buy', 1.2, '0.5', 'test; filled at the open'],
      ['sell', 1.2, '0', 'stop-out: margin level 50.0% at or below 50%, largest loss closed first'],
    ]);
    expect([v.marginCalls, v.stopOuts]).toEqual([1, 1]);
  });

  it('closes a short at the latest ask on a stop-out', () => {
    const { v, fills } = venue(1_000);
    v.onBar(0, { ...flat(0, 1.2), spread: 10 });
    v.submit({ id: 'short', strategy: 's', symbol: 'EURUSD', side: 'sell', type: 'market', quantity: Quantity.of('0.5'), reason: 'test' });
    // Sold at the bid 1.2; marked at the ask 1.2001: equity 1,000 - 5 = 995 over 2,000 of margin, under 50 %.
    v.onBar(0, { ...flat(1, 1.2), spread: 10 });
    expect(fills.map((f) => [f.side, f.priceNumber, f.positionAfter])).toEqual([
      ['sell', 1.2, '-0.5'],
      ['buy', 1.2001, '0'],
    ]);
    expect(fills[1].reason).toBe('stop-out: margin level 49.8% at or below 50%, largest loss closed first');
    expect(v.ledger.cash.toString()).toBe('995');
    // The buy back paid the 1 pip spread on 50,000 EUR.
    expect(v.ledger.costs().spread.toString()).toBe('5');
  });

  it('closes equal losses in the canonical order (strategy name), and stops once the level is back above stop-out', () => {
    const { v, fills, buy } = venue(1_000);
    v.onBar(0, flat(0, 1.2));
    buy('b', '0.25');
    buy('a', '0.25');
    // 2,000 of margin over 1,000 of equity: 50 %. Closing "a" leaves 1,000 over 1,000: 100 %.
    v.onBar(0, flat(1, 1.2));
    expect(fills.slice(2).map((f) => f.strategy)).toEqual(['a']);
    expect(v.stopOuts).toBe(1);
  });

  it('never names a flat position to close', () => {
    const { v, fills, buy } = venue(1_000);
    v.onBar(0, flat(0, 1.2));
    buy('a', '0.01');
    v.onBar(0, flat(1, 1.2));
    v.submit({ id: 'a-out', strategy: 'a', symbol: 'EURUSD', side: 'sell', type: 'market', quantity: Quantity.of('0.01'), reason: 'out' });
    buy('b', '0.5');
    // "a" is flat with nothing unrealized; "b" alone holds 2,000 of margin: 50 %.
    v.onBar(0, flat(2, 1.2));
    expect(fills.slice(3).map((f) => [f.strategy, f.side, f.positionAfter])).toEqual([['b', 'sell', '0']]);
  });

  it.each([
    ['the second opened', '0.1', '0.4', 'b'],
    ['the first opened', '0.4', '0.1', 'a'],
  ])('closes the largest loss first, when it is %s', (_which, aLots, bLots, worst) => {
    const { v, fills, buy } = venue(1_200);
    v.onBar(0, flat(0, 1.2));
    buy('a', aLots);
    buy('b', bLots);
    v.onBar(0, flat(1, 1.2));
    // At 1.19 the 0.4 lot loses 400, the 0.1 lot 100; equity 700 over 0.5 x 100,000 x 1.19 / 30 = 1,983.3: 35.3 %.
    // Closing the 0.4 lot leaves 700 over 396.7: the level is back over 50 %.
    v.onBar(0, flat(2, 1.19));
    expect(fills.slice(2).map((f) => [f.strategy, f.positionAfter])).toEqual([[worst, '0']]);
    expect(fills[2].reason).toBe('stop-out: margin level 35.3% at or below 50%, largest loss closed first');
  });

  it('names its stop-out order by the position and the kind of exit', () => {
    const orders: Order[] = [];
    const v = new SimulatedVenue({
      instruments: [instrumentFor('EURUSD')],
      fill: DEFAULT_FILL_MODEL,
      initialCash: Money.of(1_000, 'USD'),
      clock: new ManualClock(MON_1000),
      listener: { onOrder: (o) => orders.push(o) },
    });
    v.onBar(0, flat(0, 1.2));
    v.submit({ id: 'big', strategy: 's', symbol: 'EURUSD', side: 'buy', type: 'market', quantity: Quantity.of('0.5'), reason: 'test' });
    v.onBar(0, flat(1, 1.2));
    const id = clientOrderIdFor(derivedId(venueOrderCause('s', 'EURUSD', MON_1000 + 300_000), 'venue/stop-out', MON_1000));
    expect(orders.map((o) => [o.id, o.side, o.type, o.quantity.toString()])).toEqual([
      ['big', 'buy', 'market', '0.5'],
      [id, 'sell', 'market', '0.5'],
    ]);
  });

  it('calls for margin and stops out with no listener to tell', () => {
    const v = new SimulatedVenue({ instruments: [instrumentFor('EURUSD')], fill: DEFAULT_FILL_MODEL, initialCash: Money.of(1_000, 'USD'), clock: new ManualClock(MON_1000) });
    v.onBar(0, flat(0, 1.2));
    v.submit({ id: 'big', strategy: 's', symbol: 'EURUSD', side: 'buy', type: 'market', quantity: Quantity.of('0.5'), reason: 'test' });
    v.onBar(0, flat(1, 1.2));
    expect([v.marginCalls, v.stopOuts, v.ledger.sideAt(0)]).toEqual([1, 1, 0]);
  });

  it('takes equal call and stop-out levels, and zero, and refuses a negative or missing stop-out level or a call below it', () => {
    const make = (margin: MarginRules) => () => venue(1_000, margin);
    expect(make({ callLevel: 0.5, stopOutLevel: 0.5 })).not.toThrow();
    expect(make({ callLevel: 0, stopOutLevel: 0 })).not.toThrow();
    expect(make({ callLevel: 1, stopOutLevel: -0.1 })).toThrow(new RangeError('margin rules need 0 <= stopOutLevel <= callLevel, got call 1, stop-out -0.1'));
    expect(make({ callLevel: 1, stopOutLevel: Number.NaN })).toThrow('margin rules need 0 <= stopOutLevel <= callLevel, got call 1, stop-out NaN');
    // A call level below the stop-out would close positions with no call first.
    expect(make({ callLevel: 0.49, stopOutLevel: 0.5 })).toThrow(new RangeError('margin rules need 0 <= stopOutLevel <= callLevel, got call 0.49, stop-out 0.5'));
  });

  it('applies its own levels: with a stop-out at 0 nothing closes however low the level', () => {
    const { v, fills, calls, buy } = venue(1_000, { callLevel: 0.8, stopOutLevel: 0 });
    v.onBar(0, flat(0, 1.2));
    buy('s', '0.5');
    v.onBar(0, flat(1, 1.2));
    v.onBar(0, flat(2, 1.19));
    expect([fills.length, calls.length, v.stopOuts]).toEqual([1, 1, 0]);
  });
});
