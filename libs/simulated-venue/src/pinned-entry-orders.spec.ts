// Limit and stop entries pinned on real bars, every price worked out by hand
// from the vendored EURUSD H1 2025 file (clock read as UTC). Bars are bids; a
// buy trades at the ask, bid + spread (7 points, 0.00007, in the column of
// every bar below). Limits fill without slippage, stops with it (0.3 pip here).
//
//   bar                 open     high     low      spread
//   2025-07-08 10:00    1.17416  1.17650  1.17416  7
//   2025-07-08 11:00    1.17597  1.17601  1.17474  7
//   2025-07-08 13:00    1.17420  1.17421  1.17231  7
//   2025-07-08 19:00    1.17064  1.17126  1.16961  7
//   2025-07-14 00:00    1.16654  1.16733  1.16610  8   (Monday; Friday closed at 1.16886)
import { ManualClock, Money, Quantity, barAt, instrumentFor } from '@trading/domain';
import { readSharedBars, sharedData } from '@trading/test-support';
import { DEFAULT_FILL_MODEL, type FillModel } from './fill-model';
import type { Fill, OrderRequest } from './order';
import { SimulatedVenue } from './simulated-venue';

const eurusd = readSharedBars(sharedData.fxH1_2025('EURUSD'), 'EURUSD', 'H1');
const SLIPPING: FillModel = { ...DEFAULT_FILL_MODEL, slippage: { kind: 'fixed-pips', pips: 0.3 } };

/** The one fill an order gets from the real bar starting at `bar`, on a fresh venue. */
function fillOn(bar: string, order: Pick<OrderRequest, 'side' | 'type' | 'price'>, fill: FillModel = SLIPPING): { price: string; reason: string }[] {
  const fills: Fill[] = [];
  const venue = new SimulatedVenue({
    instruments: [instrumentFor('EURUSD')],
    fill,
    initialCash: Money.of(10_000, 'USD'),
    clock: new ManualClock(Date.parse(bar)),
    listener: { onFill: (f) => fills.push(f) },
  });
  venue.submit({ strategy: 's', symbol: 'EURUSD', quantity: Quantity.of('1'), reason: 'entry', id: 'o1', ...order });
  const index = eurusd.time.indexOf(Date.parse(bar));
  if (index < 0) throw new RangeError(`no EURUSD H1 bar at ${bar}`);
  venue.onBar(0, barAt(eurusd, index));
  return fills.map((f) => ({ price: f.price.toFixed(), reason: f.reason }));
}

describe('limit and stop entries pinned on real EURUSD H1 bars (hand-derived)', () => {
  it('fills a buy limit at the limit when the ask low reaches it, without slippage', () => {
    // 11:00: ask open 1.17597 + 0.00007 = 1.17604 is over the limit 1.17500; ask low 1.17474 + 0.00007 = 1.17481 reaches it.
    expect(fillOn('2025-07-08T11:00:00Z', { side: 'buy', type: 'limit', price: 1.175 })).toEqual([{ price: '1.175', reason: 'entry; filled at the limit' }]);
  });

  it('leaves a buy limit unfilled that only the bid reaches', () => {
    // 11:00: the bid low 1.17474 is under the limit 1.17476, the ask low 1.17481 is not: no fill.
    expect(fillOn('2025-07-08T11:00:00Z', { side: 'buy', type: 'limit', price: 1.17476 })).toEqual([]);
  });

  it('fills a buy limit the ask opens under at the open, not at the limit', () => {
    // 13:00: ask open 1.17420 + 0.00007 = 1.17427, already under the limit 1.17450.
    expect(fillOn('2025-07-08T13:00:00Z', { side: 'buy', type: 'limit', price: 1.1745 })).toEqual([{ price: '1.17427', reason: 'entry; filled at the open, through the limit' }]);
  });

  it('fills a sell limit at the limit when the bid high reaches it', () => {
    // 10:00: bid open 1.17416 under the limit 1.17600; bid high 1.17650 reaches it.
    expect(fillOn('2025-07-08T10:00:00Z', { side: 'sell', type: 'limit', price: 1.176 })).toEqual([{ price: '1.176', reason: 'entry; filled at the limit' }]);
  });

  it('triggers a buy stop on the ask and fills it at the stop plus slippage', () => {
    // 10:00: the bid high 1.17650 stays under the stop 1.17655, the ask high 1.17650 + 0.00007 = 1.17657
    // reaches it: filled at 1.17655 + 0.00003 = 1.17658.
    expect(fillOn('2025-07-08T10:00:00Z', { side: 'buy', type: 'stop', price: 1.17655 })).toEqual([{ price: '1.17658', reason: 'entry; filled at the stop' }]);
  });

  it('fills a sell stop the weekend gapped through at the open, less slippage', () => {
    // Monday 00:00 opens at 1.16654, under the stop 1.16800: filled at 1.16654 - 0.00003 = 1.16651.
    expect(fillOn('2025-07-14T00:00:00Z', { side: 'sell', type: 'stop', price: 1.168 })).toEqual([{ price: '1.16651', reason: 'entry; filled at the open, gapped through the stop' }]);
  });

  it('fills a buy limit the ask reaches exactly (0.8 pip spread: 1.16961 + 0.00008 = 1.16969)', () => {
    // 19:00 with a fixed 0.8 pip spread: ask open 1.17072 over the limit 1.16969, ask low exactly on it.
    // In doubles 1.16961 + 0.00008 is 1.1696900000000001, which compared raw left the order unfilled.
    const fill: FillModel = { ...DEFAULT_FILL_MODEL, spread: { source: 'fixed', pips: 0.8 } };
    expect(fillOn('2025-07-08T19:00:00Z', { side: 'buy', type: 'limit', price: 1.16969 }, fill)).toEqual([{ price: '1.16969', reason: 'entry; filled at the limit' }]);
  });
});
