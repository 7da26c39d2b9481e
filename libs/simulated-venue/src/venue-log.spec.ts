// The venue's lines of the decision log, written from a real venue's events:
// each field as the log reader gets it, and every event still handed on.
import { type DecisionRecord, instrumentFor, ManualClock, Money, Quantity } from '@trading/domain';
import { DEFAULT_FILL_MODEL, type FillModel } from './fill-model';
import type { VenueBar } from './matching';
import type { VenueListener } from './order';
import { SimulatedVenue } from './simulated-venue';
import { loggingVenueListener } from './venue-log';

const MON_1000 = Date.UTC(2022, 0, 3, 10);
const flat = (time: number, price: number): VenueBar => ({ time, open: price, high: price, low: price, close: price, spread: 0 });

/** A EURUSD venue whose events go through the logging listener to `next`; the log's clock reads 777. */
function loggedVenue(next: VenueListener, cash = 10_000, fill: Partial<FillModel> = {}) {
  const records: DecisionRecord[] = [];
  const venue = new SimulatedVenue({
    instruments: [instrumentFor('EURUSD')],
    fill: { ...DEFAULT_FILL_MODEL, ...fill },
    initialCash: Money.of(cash, 'USD'),
    clock: new ManualClock(MON_1000),
    listener: loggingVenueListener({ record: (r) => records.push(r) }, () => 777, next),
  });
  return { venue, records };
}

describe('loggingVenueListener', () => {
  it('writes an order, a cancel and a fill line with every field, then hands each event on', () => {
    const handed: string[] = [];
    const { venue, records } = loggedVenue({
      onOrder: (order) => handed.push(`order ${order.id}`),
      onCancel: (order, reason) => handed.push(`cancel ${order.id}: ${reason}`),
      onFill: (fill) => handed.push(`fill ${fill.orderId}`),
    });
    venue.onBar(0, flat(MON_1000, 1.1));
    venue.submit({ id: 'entry', strategy: 'trend', symbol: 'EURUSD', side: 'buy', type: 'market', quantity: Quantity.of('0.5'), stopLoss: 1.09, takeProfit: 1.12, reason: 'breakout' });
    venue.submit({ id: 'fade', strategy: 'trend', symbol: 'EURUSD', side: 'sell', type: 'limit', price: 1.2, quantity: Quantity.of('0.25'), reason: 'fade' });
    venue.cancel('fade', 'replaced');
    venue.onBar(0, flat(MON_1000 + 300_000, 1.10002));
    expect(records).toEqual([
      { event: 'order', time: 777, orderId: 'entry', strategy: 'trend', symbol: 'EURUSD', side: 'buy', type: 'market', lots: '0.5', price: null, stopLoss: 1.09, takeProfit: 1.12, reason: 'breakout' },
      { event: 'order', time: 777, orderId: 'fade', strategy: 'trend', symbol: 'EURUSD', side: 'sell', type: 'limit', lots: '0.25', price: 1.2, stopLoss: null, takeProfit: null, reason: 'fade' },
      { event: 'cancel', time: 777, orderId: 'fade', strategy: 'trend', symbol: 'EURUSD', reason: 'replaced' },
      // Bought 50,000 EUR at 1.10002 with no costs: cash stays 10,000 USD.
      {
        event: 'fill',
        time: 777,
        orderId: 'entry',
        strategy: 'trend',
        symbol: 'EURUSD',
        side: 'buy',
        lots: '0.5',
        price: '1.10002',
        barTime: MON_1000 + 300_000,
        commission: '0',
        realizedPnl: '0',
        position: '0.5',
        cash: '10000',
        reason: 'breakout; filled at the open',
      },
    ]);
    expect(handed).toEqual(['order entry', 'order fade', 'cancel fade: replaced', 'fill entry']);
  });

  it('writes a margin call with its level, equity and margin rounded, at the call time, and hands it on', () => {
    const calls: number[] = [];
    const { venue, records } = loggedVenue({ onMarginCall: (call) => calls.push(call.time) }, 3_000);
    venue.onBar(0, flat(MON_1000, 1.1));
    venue.submit({ id: 'big', strategy: 'trend', symbol: 'EURUSD', side: 'buy', type: 'market', quantity: Quantity.of('1'), reason: 'all in' });
    venue.onBar(0, flat(MON_1000 + 300_000, 1.1));
    // 100,000 x 1.1 / 30 = 3,666.666... of margin over 3,000 of equity: 81.82 %, above the 50 % stop-out.
    expect(records.filter((r) => r.event === 'margin-call')).toEqual([{ event: 'margin-call', time: MON_1000, level: 0.8182, equity: 3000, marginUsed: 3666.67 }]);
    expect(calls).toEqual([MON_1000]);
  });

  it('writes a line for each swap charge, at the bar it is booked on, then hands it on', () => {
    const nights: number[] = [];
    const { venue, records } = loggedVenue({ onSwap: (charge) => nights.push(charge.nights) }, 10_000, { swap: { longPerLot: -5, shortPerLot: 1 } });
    venue.onBar(0, flat(MON_1000, 1.1));
    venue.submit({ id: 'carry', strategy: 'carry', symbol: 'EURUSD', side: 'buy', type: 'market', quantity: Quantity.of('1'), reason: 'carry' });
    venue.onBar(0, flat(MON_1000 + 300_000, 1.1));
    // Monday 10:05 to Tuesday 10:00: the Monday 22:00 rollover, one night.
    venue.onBar(0, flat(MON_1000 + 86_400_000, 1.1));
    expect(nights).toEqual([1]);
    // One night of a 1-lot long at -5: -5, booked with the Tuesday 10:00 bar, the first after the rollover.
    expect(records.map((r) => r.event)).toEqual(['order', 'fill', 'swap']);
    expect(records[2]).toEqual({ event: 'swap', time: MON_1000 + 86_400_000, strategy: 'carry', symbol: 'EURUSD', nights: 1, amount: '-5' });
  });

  it('logs every event when the next listener takes none of them', () => {
    const { venue, records } = loggedVenue({}, 3_000, { swap: { longPerLot: -5, shortPerLot: 1 } });
    venue.onBar(0, flat(MON_1000, 1.1));
    venue.submit({ id: 'a', strategy: 's', symbol: 'EURUSD', side: 'buy', type: 'market', quantity: Quantity.of('1'), reason: 'r' });
    venue.submit({ id: 'b', strategy: 's', symbol: 'EURUSD', side: 'buy', type: 'limit', price: 1, quantity: Quantity.of('1'), reason: 'r' });
    venue.cancel('b', 'gone');
    venue.onBar(0, flat(MON_1000 + 300_000, 1.1));
    venue.onBar(0, flat(MON_1000 + 86_400_000, 1.1));
    expect(records.map((r) => r.event)).toEqual(['order', 'order', 'cancel', 'fill', 'margin-call', 'swap']);
  });
});
