// Orders and fills of the simulated venue. Every order belongs to a strategy:
// the venue keeps one position per (strategy, symbol), as a broker does with
// separate deals (IG's forceOpen), so fills never net across strategies.
// Sizes and money are exact; prices are numbers on the instrument's point grid.
import type { ExactDecimal, Money, Quantity } from '@trading/domain';
import type { ClosedTrade, OrderSide } from '@trading/portfolio';

export type { OrderSide };
export type OrderType = 'market' | 'limit' | 'stop' | 'trailing-stop';

export interface OrderRequest {
  /** The strategy whose position the order trades. */
  readonly strategy: string;
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
  /** The client order id (derived from the decision that sent it). */
  readonly id: string;
}

export interface Order extends OrderRequest {
  readonly submittedAt: number;
}

export interface Fill {
  readonly orderId: string;
  readonly strategy: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: Quantity;
  readonly price: ExactDecimal;
  /** The same price as a number (on the point grid). */
  readonly priceNumber: number;
  readonly time: number;
  readonly commission: Money;
  /** P&L booked by the part of the fill that reduced a position (account currency). */
  readonly realizedPnl: Money;
  /** Signed lots of the strategy's position after the fill. */
  readonly positionAfter: string;
  readonly cashAfter: Money;
  readonly reason: string;
  /** The trade this fill closed, if any. */
  readonly trade: ClosedTrade | undefined;
}

/** Financing the venue booked on a position at the rollover. */
export interface SwapCharge {
  readonly strategy: string;
  readonly symbol: string;
  /** Account currency, negative when paid. */
  readonly amount: ExactDecimal;
  /** Nights charged (a Wednesday rollover counts three). */
  readonly nights: number;
  readonly time: number;
}

/** The account's margin level fell to the margin-call level (reported once per fall). */
export interface MarginCall {
  readonly time: number;
  /** Equity over margin used, 1 = 100 %. */
  readonly level: number;
  readonly equity: number;
  readonly marginUsed: number;
}

/** What the venue reports as it works. */
export interface VenueListener {
  onOrder?(order: Order): void;
  onFill?(fill: Fill): void;
  onCancel?(order: Order, reason: string): void;
  onSwap?(charge: SwapCharge): void;
  onMarginCall?(call: MarginCall): void;
}
