// What the venue charges besides the price: commission per fill (per lot or in
// basis points of the notional in the account currency) and swap per night
// held over the 22:00 UTC rollover, Monday to Friday, Wednesday counting three.
// January 2022: Monday the 3rd to Monday the 10th.
import { instrumentFor, ManualClock, Money, Quantity } from '@trading/domain';
import { DEFAULT_FILL_MODEL, type FillModel } from './fill-model';
import type { VenueBar } from './matching';
import type { Fill, OrderSide, SwapCharge } from './order';
import { SimulatedVenue } from './simulated-venue';

const at = (day: number, hour: number) => Date.UTC(2022, 0, day, hour);
const flat = (time: number, price = 1.1): VenueBar => ({ time, open: price, high: price, low: price, close: price, spread: 0 });

function venue(fill: Partial<FillModel>, symbol = 'EURUSD') {
  const swaps: SwapCharge[] = [];
  const fills: Fill[] = [];
  const v = new SimulatedVenue({
    instruments: [instrumentFor(symbol)],
    fill: { ...DEFAULT_FILL_MODEL, ...fill },
    initialCash: Money.of(10_000, 'USD'),
    clock: new ManualClock(0),
    listener: { onSwap: (s) => swaps.push(s), onFill: (f) => fills.push(f) },
  });
  let orders = 0;
  const order = (side: OrderSide, lots: string) => v.submit({ id: `o${++orders}`, strategy: 'carry', symbol, side, type: 'market', quantity: Quantity.of(lots), reason: 'test' });
  const nights = () => swaps.map((s) => [new Date(s.time).toISOString().slice(0, 13), s.nights, s.amount.toString()]);
  return { v, swaps, fills, order, nights };
}

const SWAP = { swap: { longPerLot: -5, shortPerLot: 1.2 } } as const;

describe('swap', () => {
  it('charges each weekday rollover once, three nights on Wednesday, none on the weekend', () => {
    const { v, swaps, order, nights } = venue(SWAP);
    v.onBar(0, flat(at(3, 9)));
    order('buy', '2');
    // Filled at Monday 10:00; each next bar is a day later.
    for (const day of [3, 4, 5, 6, 7, 10]) v.onBar(0, flat(at(day, 10)));
    // 2 lots x -5 per night.
    expect(nights()).toEqual([
      ['2022-01-04T10', 1, '-10'],
      ['2022-01-05T10', 1, '-10'],
      ['2022-01-06T10', 3, '-30'],
      ['2022-01-07T10', 1, '-10'],
      // Friday's rollover, then Saturday's and Sunday's: one night.
      ['2022-01-10T10', 1, '-10'],
    ]);
    expect(swaps[0]).toMatchObject({ strategy: 'carry', symbol: 'EURUSD' });
    expect(v.ledger.costs().swap.toString()).toBe('70');
    expect(v.ledger.cash.toString()).toBe('9930');
  });

  it('charges every rollover since the last bar at once', () => {
    const { v, order, nights } = venue(SWAP);
    v.onBar(0, flat(at(3, 9)));
    order('buy', '1');
    v.onBar(0, flat(at(3, 10)));
    // Monday, Tuesday and Wednesday (three) rollovers: five nights.
    v.onBar(0, flat(at(6, 10)));
    expect(nights()).toEqual([['2022-01-06T10', 5, '-25']]);
  });

  it('pays a short the short rate', () => {
    const { v, order, nights } = venue(SWAP);
    v.onBar(0, flat(at(3, 9)));
    order('sell', '1');
    v.onBar(0, flat(at(3, 10)));
    v.onBar(0, flat(at(4, 10)));
    expect(nights()).toEqual([['2022-01-04T10', 1, '1.2']]);
  });

  it('charges a position closed at the open of the 22:00 bar for that rollover, and not one opened there', () => {
    const closed = venue(SWAP);
    closed.v.onBar(0, flat(at(3, 20)));
    closed.order('buy', '1');
    closed.v.onBar(0, flat(at(3, 21)));
    closed.order('sell', '1');
    closed.v.onBar(0, flat(at(3, 22)));
    expect(closed.nights()).toEqual([['2022-01-03T22', 1, '-5']]);

    const opened = venue(SWAP);
    opened.v.onBar(0, flat(at(3, 21)));
    opened.order('buy', '1');
    opened.v.onBar(0, flat(at(3, 22)));
    opened.v.onBar(0, flat(at(4, 10)));
    expect(opened.nights()).toEqual([]);
    // Its first night is Tuesday's.
    opened.v.onBar(0, flat(at(4, 22)));
    expect(opened.nights()).toEqual([['2022-01-04T22', 1, '-5']]);
  });

  it('charges nothing and reports nothing for a weekend rollover alone', () => {
    const { v, order, nights } = venue(SWAP);
    v.onBar(0, flat(at(8, 22)));
    order('buy', '1');
    // Entered Saturday 23:00; Sunday's rollover is no night; Monday's is.
    v.onBar(0, flat(at(8, 23)));
    v.onBar(0, flat(at(9, 23)));
    expect(nights()).toEqual([]);
    v.onBar(0, flat(at(10, 23)));
    expect(nights()).toEqual([['2022-01-10T23', 1, '-5']]);
  });

  it('charges nothing on a flat position, and a reopened one from its new entry', () => {
    const { v, order, nights } = venue(SWAP);
    v.onBar(0, flat(at(3, 9)));
    order('buy', '1');
    v.onBar(0, flat(at(3, 10)));
    order('sell', '1');
    v.onBar(0, flat(at(3, 11)));
    v.onBar(0, flat(at(4, 10)));
    expect(nights()).toEqual([]);
    order('buy', '1');
    v.onBar(0, flat(at(4, 11)));
    v.onBar(0, flat(at(5, 10)));
    expect(nights()).toEqual([['2022-01-05T10', 1, '-5']]);
  });

  it('keeps the first entry date when a position is added to', () => {
    const { v, order, nights } = venue(SWAP);
    v.onBar(0, flat(at(3, 9)));
    order('buy', '1');
    v.onBar(0, flat(at(3, 10)));
    order('buy', '1');
    // The add fills at Tuesday 10:00, after Monday's night was charged on the 1 lot then held.
    v.onBar(0, flat(at(4, 10)));
    v.onBar(0, flat(at(5, 10)));
    expect(nights()).toEqual([
      ['2022-01-04T10', 1, '-5'],
      ['2022-01-05T10', 1, '-10'],
    ]);
  });

  it('charges no swap without a swap model', () => {
    const { v, order, nights } = venue({});
    v.onBar(0, flat(at(3, 9)));
    order('buy', '1');
    v.onBar(0, flat(at(3, 10)));
    v.onBar(0, flat(at(6, 10)));
    expect(nights()).toEqual([]);
    expect(v.ledger.cash.toString()).toBe('10000');
  });
});

describe('commission', () => {
  it('charges per lot on each side', () => {
    const { v, fills, order } = venue({ commission: { kind: 'per-lot', amount: 3.5 } });
    v.onBar(0, flat(at(3, 9)));
    order('buy', '0.3');
    v.onBar(0, flat(at(3, 10)));
    order('sell', '0.3');
    v.onBar(0, flat(at(3, 11)));
    // 0.3 lot x 3.5 = 1.05 a side.
    expect(fills.map((f) => f.commission.toString())).toEqual(['1.05', '1.05']);
    expect(v.ledger.cash.toString()).toBe('9997.9');
  });

  it('charges basis points of the notional converted into the account currency, at the fill price', () => {
    const { v, fills, order } = venue({ commission: { kind: 'bps', bps: 0.5 } }, 'USDJPY');
    v.onBar(0, flat(at(3, 9), 115));
    order('buy', '1');
    v.onBar(0, flat(at(3, 10), 115));
    order('sell', '1');
    v.onBar(0, flat(at(3, 11), 125));
    // 100,000 USD bought at 115 JPY is 100,000 USD of notional whatever the price: 0.5 bp = 5 USD a side.
    expect(fills.map((f) => f.commission.toString())).toEqual(['5', '5']);
  });

  it('charges none under the default model', () => {
    const { v, fills, order } = venue({});
    v.onBar(0, flat(at(3, 9)));
    order('buy', '1');
    v.onBar(0, flat(at(3, 10)));
    expect(fills.map((f) => f.commission.toString())).toEqual(['0']);
  });
});
