// Connects the venue's reports to the risk desk, as execution reports connect
// order-execution to the risk service: every fill and swap is booked in the
// desk's book of record, every cancel clears its working order, and, when a
// decision log is kept, each report becomes a line of it.
import type { DecisionSink, RiskDesk } from '@trading/risk-engine';
import type { Fill, SwapCharge, VenueListener } from '@trading/simulated-venue';

/** Books what the venue reports in the desk, and logs it when there is a log. */
export function venueListener(desk: RiskDesk, sink: DecisionSink | undefined, now: () => number): VenueListener {
  const book = (fill: Fill): void => {
    desk.onFill({ orderId: fill.orderId, strategy: fill.strategy, symbol: fill.symbol, side: fill.side, quantity: fill.quantity, price: fill.price.toNumber(), time: fill.time, commission: fill.commission, reason: fill.reason });
  };
  const onSwap = (charge: SwapCharge): void => desk.onSwap(charge.strategy, charge.symbol, charge.amount);
  if (sink === undefined) return { onFill: book, onCancel: (order) => desk.onCancel(order.id), onSwap };
  return {
    onOrder: (order) =>
      sink.record({
        event: 'order',
        time: now(),
        orderId: order.id,
        strategy: order.strategy,
        symbol: order.symbol,
        side: order.side,
        type: order.type,
        lots: order.quantity.toString(),
        price: order.price ?? null,
        stopLoss: order.stopLoss ?? null,
        takeProfit: order.takeProfit ?? null,
        reason: order.reason,
      }),
    onFill: (fill) => {
      book(fill);
      sink.record({
        event: 'fill',
        time: now(),
        orderId: fill.orderId,
        strategy: fill.strategy,
        symbol: fill.symbol,
        side: fill.side,
        lots: fill.quantity.toString(),
        price: fill.price.toFixed(),
        barTime: fill.time,
        commission: fill.commission.toString(),
        realizedPnl: fill.realizedPnl.toString(),
        position: fill.positionAfter,
        cash: fill.cashAfter.toString(),
        reason: fill.reason,
      });
    },
    onCancel: (order, reason) => {
      desk.onCancel(order.id);
      sink.record({ event: 'cancel', time: now(), orderId: order.id, strategy: order.strategy, symbol: order.symbol, reason });
    },
    onSwap,
    onMarginCall: (call) =>
      sink.record({ event: 'margin-call', time: call.time, level: Number(call.level.toFixed(4)), equity: Number(call.equity.toFixed(2)), marginUsed: Number(call.marginUsed.toFixed(2)) }),
  };
}
