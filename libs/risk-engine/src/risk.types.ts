// The inputs and outputs of a risk decision: what a strategy asks for (a
// signal), what the account holds (portfolio snapshot), what the market looks
// like (quotes, ATR, instrument specs) and what the engine answers (an approved
// order or a rejection, with every rule's verdict).
import type { Instrument, Money, Quantity, Quote } from '@trading/domain';
import type { TradingState } from './state/trading-state';

export type Side = 'BUY' | 'SELL';
export type EntryType = 'MARKET' | 'LIMIT' | 'STOP';

/**
 * What the risk desk asks the engine to approve for one strategy on one
 * symbol, derived from that strategy's signal message: an entry to size and
 * check, or (`kind: 'exit'`) the close of the strategy's whole position.
 */
export interface TradeRequest {
  /** Unique per request (the decision's id: one signal may ask for a close and an entry): the key of exact-duplicate suppression. */
  readonly id: string;
  /** Id of the signal message behind the request (defaults to `id`). */
  readonly signalId?: string;
  /** The client order id the approved order carries (derived from the decision's id, so a retry reuses it). */
  readonly clientOrderId: string;
  readonly strategy: string;
  readonly symbol: string;
  readonly side: Side;
  readonly kind?: 'entry' | 'exit';
  readonly entryType?: EntryType;
  /** Limit/stop price; market orders enter at the current ask (buy) or bid (sell). */
  readonly entryPrice?: number;
  /** Protective stop; when absent the sizer places one at a multiple of ATR. */
  readonly stopPrice?: number;
  readonly targetPrice?: number;
  /** The strategy's probability that the trade wins, 0..1, when it has one. */
  readonly probability?: number;
}

export interface Position {
  readonly symbol: string;
  readonly side: Side;
  /** Lots. */
  readonly size: Quantity;
  readonly entryPrice: number;
  readonly stopPrice?: number;
  readonly strategy?: string;
}

/** A working order that has not filled yet; counted as if filled (the cautious view). */
export interface OpenOrder {
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly size: Quantity;
  readonly entryPrice?: number;
  readonly stopPrice?: number;
  readonly strategy?: string;
}

/** The account as the portfolio authority sees it; every amount is in `equity.currency`. */
export interface PortfolioSnapshot {
  readonly equity: Money;
  readonly realisedPnl: Money;
  readonly unrealisedPnl: Money;
  readonly peakEquity: Money;
  readonly todayPnl: Money;
  readonly positions: readonly Position[];
  readonly openOrders: readonly OpenOrder[];
}

export interface MarketState {
  /** Latest quote per symbol (its time is the freshness the stale-data rule checks). */
  readonly quotes: Readonly<Record<string, Quote>>;
  /** Latest ATR per symbol, in price units. */
  readonly atr: Readonly<Record<string, number>>;
  readonly instruments: Readonly<Record<string, Instrument>>;
  /** Start time of the latest bar seen per symbol (optional second freshness source). */
  readonly lastBarTime?: Readonly<Record<string, number>>;
  /** Sizing multiplier from the volatility-regime detector; the limits' constant when absent. */
  readonly regimeMultiplier?: number;
  /**
   * Expected adverse move from the quote to a market fill per symbol, price
   * units (the venue's slippage and the typical gap to the next open): market
   * entries are sized and checked at the price they can really fill at.
   */
  readonly expectedEntryCost?: Readonly<Record<string, number>>;
  /**
   * How long each symbol's feed was silent before its latest bar, beyond the
   * bar's own interval and the FX weekend, ms: a first bar after a silent
   * feed is no ground for new exposure.
   */
  readonly silentMs?: Readonly<Record<string, number>>;
}

/** A strategy's rolling record, for fractional Kelly. */
export interface StrategyStats {
  readonly trades: number;
  /** Fraction of winning trades, 0..1. */
  readonly winRate: number;
  /** Average win divided by average loss (both positive). */
  readonly payoffRatio: number;
}

/** The order the engine proposes; `size` in lots. */
export interface OrderProposal {
  readonly clientOrderId: string;
  readonly signalId: string;
  readonly strategy: string;
  readonly symbol: string;
  readonly side: Side;
  readonly size: Quantity;
  readonly entryType: EntryType;
  /** Limit/stop price, or the quote the sizing used for market orders; null when no quote was available (flattening). */
  readonly entryPrice: number | null;
  readonly stopPrice: number | null;
  readonly targetPrice: number | null;
  /** True when the order only closes or shrinks an existing position. */
  readonly reduceOnly: boolean;
}

/** What a rule measured, against its limit, as numbers (for the decision log and the audit trail). */
export interface RuleMeasure {
  readonly value: number;
  readonly limit: number;
  /** e.g. "USD", "pips", "leverage", "ms", "positions". */
  readonly unit: string;
}

export type RuleVerdict =
  | { readonly code: string; readonly pass: true; readonly detail: string; readonly measure?: RuleMeasure }
  | { readonly code: string; readonly pass: false; readonly reason: string; readonly message: string; readonly measure?: RuleMeasure }
  | { readonly code: string; readonly pass: true; readonly detail: string; readonly downsizeTo: Quantity; readonly measure?: RuleMeasure };

export interface SizingExplanation {
  readonly equity: string;
  readonly riskFraction: number;
  readonly riskFractionSource: 'fixed' | 'kelly';
  readonly confidenceMultiplier: number;
  readonly regimeMultiplier: number;
  /** Money put at risk at the stop, before lot rounding. */
  readonly riskAmount: string;
  readonly entryPrice: number;
  /** Adverse move added to the quote for a market entry (slippage and gap), price units. */
  readonly expectedEntryCost: number;
  readonly stopPrice: number;
  readonly stopSource: 'signal' | 'atr';
  readonly stopDistance: number;
  /** Account-currency value of one price unit move on one lot. */
  readonly valuePerPriceUnitPerLot: string;
  readonly rawLots: string;
  readonly lots: string;
}

export interface RiskDecision {
  readonly time: number;
  readonly symbol: string;
  readonly signalId: string;
  readonly strategy: string;
  /** The side the request asked for. */
  readonly side: Side;
  /** Trading state when the decision was taken. */
  readonly state: TradingState;
  readonly decision: 'approved' | 'rejected';
  readonly reason: string | null;
  readonly message: string | null;
  /** Lots of the order: approved, or proposed when a rule rejected it ("0" when sizing failed). */
  readonly size: string;
  readonly equity: string;
  readonly order: OrderProposal | null;
  /** The order the rules first saw (before a downsize), also when they rejected it; null when sizing failed. */
  readonly proposed: OrderProposal | null;
  readonly sizing: SizingExplanation | null;
  /** Size the rules first saw when a rule downsized the order, else null. */
  readonly downsizedFrom: string | null;
  /** Every rule's verdict on the final size (on the first pass when it was rejected there). */
  readonly checks: readonly RuleVerdict[];
}
