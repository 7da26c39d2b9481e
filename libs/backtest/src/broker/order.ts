// Orders, fills and closed trades of the paper broker. Sizes and money are
// exact; prices are numbers rounded to the instrument's point.
import type { ExactDecimal, Money, Quantity } from '@trading/domain';

export type OrderSide = 'buy' | 'sell';
export type OrderType = 'market' | 'limit' | 'stop' | 'trailing-stop';

export interface OrderRequest {
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  /** Lots. */
  readonly quantity: Quantity;
  /** Limit or stop price (limit and stop orders). */
  readonly price?: number;
  /** Distance the stop trails the best price by, in price units (trailing-stop orders). */
  readonly trailDistance?: number;
  /** Brackets attached to the position this order opens or adds to. */
  readonly stopLoss?: number;
  readonly takeProfit?: number;
  /** A trailing stop attached to the position, at this distance in price units. */
  readonly trailingStopDistance?: number;
  readonly reason: string;
}

export interface Order extends OrderRequest {
  readonly id: string;
  readonly submittedAt: number;
}

export interface Fill {
  readonly orderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: Quantity;
  readonly price: ExactDecimal;
  readonly time: number;
  readonly commission: Money;
  /** P&L booked by the part of the fill that reduced a position (account currency). */
  readonly realizedPnl: Money;
  /** Signed position in lots after the fill. */
  readonly positionAfter: string;
  readonly cashAfter: Money;
  readonly reason: string;
}

export interface ClosedTrade {
  readonly symbol: string;
  readonly side: 'long' | 'short';
  readonly quantity: Quantity;
  readonly entryTime: number;
  readonly exitTime: number;
  readonly entryPrice: ExactDecimal;
  readonly exitPrice: ExactDecimal;
  /** Price P&L of the closed quantity, account currency. */
  readonly grossPnl: Money;
  /** Commissions (entry share and exit) and swap of the closed quantity. */
  readonly costs: Money;
  readonly netPnl: Money;
  readonly exitReason: string;
}

/** What the broker reports as it works; the backtest logs it, a live service publishes execution reports. */
export interface BrokerListener {
  onOrder?(order: Order): void;
  onFill?(fill: Fill): void;
  onCancel?(order: Order, reason: string): void;
}
