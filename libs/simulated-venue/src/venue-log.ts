// The venue's part of the decision log: each order it takes or opens, each
// fill (with the venue's cash and the strategy's position after it), each
// cancel, each night's financing (swap) and each margin call becomes a line, written before the event goes
// on to whoever books it. The backtest and the paper venue of the
// order-execution service write these lines alike.
import type { DecisionRecord, DecisionSink } from '@trading/domain';
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
    onSwap: (charge) => {
      sink.record(swapRecord(charge.time, charge.strategy, charge.symbol, charge.nights, charge.amount.toFixed()));
      next.onSwap?.(charge);
    },
    onMarginCall: (call) => {
      sink.record({ event: 'margin-call', time: call.time, level: Number(call.level.toFixed(4)), equity: Number(call.equity.toFixed(2)), marginUsed: Number(call.marginUsed.toFixed(2)) });
      next.onMarginCall?.(call);
    },
  };
}

/**
 * The line of one financing charge: account currency, negative when paid. The
 * risk service writes the same line from the venue's account.financing message,
 * so a backtest's log and the services' agree byte for byte.
 */
export function swapRecord(time: number, strategy: string, symbol: string, nights: number, amount: string): DecisionRecord {
  return { event: 'swap', time, strategy, symbol, nights, amount };
}
