// The venue's part of the decision log: each order it takes or opens, each
// fill (with the venue's cash and the strategy's position after it), each
// cancel and each margin call becomes a line, written before the event goes
// on to whoever books it. The backtest and the paper venue of the
// order-execution service write these lines alike.
import type { DecisionSink } from '@trading/domain';
import type { VenueListener } from './order';

/** A listener that logs each venue event to `sink`, then hands it to `next`. */
export function loggingVenueListener(sink: DecisionSink, now: () => number, next: VenueListener): VenueListener {
  return {
    onOrder: (order) => {
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
      });
      next.onOrder?.(order);
    },
    onFill: (fill) => {
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
      next.onFill?.(fill);
    },
    onCancel: (order, reason) => {
      sink.record({ event: 'cancel', time: now(), orderId: order.id, strategy: order.strategy, symbol: order.symbol, reason });
      next.onCancel?.(order, reason);
    },
    onSwap: (charge) => next.onSwap?.(charge),
    onMarginCall: (call) => {
      sink.record({ event: 'margin-call', time: call.time, level: Number(call.level.toFixed(4)), equity: Number(call.equity.toFixed(2)), marginUsed: Number(call.marginUsed.toFixed(2)) });
      next.onMarginCall?.(call);
    },
  };
}
