// Orders as the venue holds them. A request is checked before it is taken in,
// so a malformed order fails at submission rather than at some later bar; a
// working order carries state the venue keeps to itself (a trailing stop's
// anchor), stripped before an order is reported. The venue also opens market
// orders of its own to close positions (brackets, stop-outs, end of data);
// their ids derive from the position, so every run gives them the same ids.
import { clientOrderIdFor, derivedId, venueOrderCause } from '@trading/contracts';
import type { Clock } from '@trading/domain';
import type { Ledger } from '@trading/portfolio';
import type { Order, OrderRequest, OrderSide } from './order';

export interface WorkingOrder extends Order {
  /** Best price seen since submission (trailing stops). */
  anchor: number;
}

/** Throws a RangeError naming what is wrong with a request the venue cannot work. */
export function checkRequest(request: OrderRequest): void {
  const what = `${request.type} ${request.side} ${request.symbol}`;
  if (request.quantity.isZero()) throw new RangeError(`${what}: quantity must be > 0 lots`);
  if ((request.type === 'limit' || request.type === 'stop') && !(request.price !== undefined && request.price > 0)) throw new RangeError(`${what}: needs a price > 0`);
  if (request.type === 'trailing-stop' && !(request.trailDistance !== undefined && request.trailDistance > 0)) throw new RangeError(`${what}: needs a trailDistance > 0`);
  if (request.trailingStopDistance !== undefined && !(request.trailingStopDistance > 0)) throw new RangeError(`${what}: trailingStopDistance must be > 0`);
  if (request.stopLoss !== undefined && request.takeProfit !== undefined) {
    const wrong = request.side === 'buy' ? request.stopLoss >= request.takeProfit : request.stopLoss <= request.takeProfit;
    if (wrong) throw new RangeError(`${what}: stopLoss ${request.stopLoss} must be ${request.side === 'buy' ? 'below' : 'above'} takeProfit ${request.takeProfit}`);
  }
}

/** A checked request taken in at `submittedAt`, with no anchor yet. */
export function workingOrder(request: OrderRequest, submittedAt: number): WorkingOrder {
  return {
    strategy: request.strategy,
    symbol: request.symbol,
    side: request.side,
    type: request.type,
    quantity: request.quantity,
    price: request.price,
    trailDistance: request.trailDistance,
    stopLoss: request.stopLoss,
    takeProfit: request.takeProfit,
    trailingStopDistance: request.trailingStopDistance,
    reason: request.reason,
    id: request.id,
    submittedAt,
    anchor: Number.NaN,
  };
}

/** The order as reported, without the venue's working state. */
export function stripWorking(order: WorkingOrder): Order {
  const { anchor: _anchor, ...rest } = order;
  return rest;
}

/**
 * The market order that closes a ledger position of `symbol` (`kind`: a
 * bracket, a stop-out, a close at the end of data), timed by `clock`.
 */
export function closingOrder(ledger: Ledger, position: number, symbol: string, side: OrderSide, kind: string, reason: string, clock: Clock): Order {
  const strategy = ledger.strategyAt(position);
  const time = clock.now();
  return {
    id: clientOrderIdFor(derivedId(venueOrderCause(strategy, symbol, ledger.entryTimeAt(position)), `venue/${kind}`, time)),
    strategy,
    symbol,
    side,
    type: 'market',
    quantity: ledger.quantityAt(position),
    submittedAt: clock.now(),
    reason,
  };
}
