// Connects the venue's reports to the risk desk, as execution reports connect
// order-execution to the risk service: every fill and swap is booked in the
// desk's book of record and every cancel clears its working order; when a
// decision log is kept, the venue logs each event first.
import type { DecisionSink } from '@trading/domain';
import type { RiskDesk } from '@trading/risk-engine';
import { type VenueListener, loggingVenueListener } from '@trading/simulated-venue';

export function venueListener(desk: RiskDesk, sink: DecisionSink | undefined, now: () => number): VenueListener {
  const booking: VenueListener = {
    onFill: (fill) =>
      desk.onFill({ orderId: fill.orderId, strategy: fill.strategy, symbol: fill.symbol, side: fill.side, quantity: fill.quantity, price: fill.priceNumber, exactPrice: fill.price, time: fill.time, commission: fill.commission, reason: fill.reason }),
    onCancel: (order) => desk.onCancel(order.id),
    onSwap: (charge) => desk.onSwap(charge.strategy, charge.symbol, charge.amount),
  };
  return sink === undefined ? booking : loggingVenueListener(sink, now, booking);
}
