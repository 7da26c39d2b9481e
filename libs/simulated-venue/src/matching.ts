// Where a bar fills a working order or triggers a position's bracket, as
// price arithmetic alone, apart from the books: the fill rules (the open
// first, then the range; a gap fills at the open; the stop before the target
// when one bar touches both; trailing levels ratchet only after the check)
// read in one place. They run for every bar with an order or a bracket, so
// each function answers in one result object that it reuses from call to
// call rather than allocating: read it before the next call.
import type { WorkingOrder } from './venue-orders';

/** One bar of a symbol, as the venue works it (prices are bids). */
export interface VenueBar {
  /** Bar start, UTC ms. */
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** Spread in points (used when the fill model takes spreads from bars). */
  readonly spread: number;
}

/** Where a bar fills a working order. The same object answers every call of `matchOrder`. */
export interface OrderMatch {
  /** Fill price before slippage; NaN when the bar does not fill the order. */
  price: number;
  /** The fill suffers slippage (market and stop orders do, limits do not). */
  slips: boolean;
  /** How the order filled, for the fill's reason. */
  how: string;
  /** The order's anchor after the bar when it did not fill (a trailing stop ratchets it). */
  anchor: number;
}

/** Whether a bar closes a position on one of its brackets. The same object answers every call of `bracketExit`. */
export interface BracketExit {
  /** Exit price before slippage; NaN when no bracket triggered. */
  price: number;
  /** The stop-loss triggered (it slips); otherwise the take-profit did. */
  slips: boolean;
  reason: string;
  /** The stop-loss after the bar: when nothing triggered, a trailing stop ratchets it. */
  stopLoss: number;
}

/**
 * `a` at or below `b` within `tolerance`. An ask is a bid plus a spread, and
 * that sum in floating point can land a hair off the point grid
 * (1.19378 + 0.00008 = 1.1938600000000001), so an ask that reaches a level
 * exactly would otherwise miss it; real levels differ by whole points.
 */
function atOrBelow(a: number, b: number, tolerance: number): boolean {
  return a - b <= tolerance;
}

const ORDER_MATCH: OrderMatch = { price: Number.NaN, slips: false, how: '', anchor: Number.NaN };
const BRACKET_EXIT: BracketExit = { price: Number.NaN, slips: false, reason: '', stopLoss: Number.NaN };

/**
 * Matches a working order against a bar whose spread is `spread` price units;
 * prices closer than `tolerance` (a millionth of a point) are equal.
 */
export function matchOrder(order: WorkingOrder, bar: VenueBar, spread: number, tolerance: number): OrderMatch {
  const match = ORDER_MATCH;
  match.price = Number.NaN;
  match.slips = false;
  match.how = '';
  match.anchor = order.anchor;
  const buy = order.side === 'buy';
  // Buys trade at the ask (bid + spread), sells at the bid.
  const o = buy ? bar.open + spread : bar.open;
  const h = buy ? bar.high + spread : bar.high;
  const l = buy ? bar.low + spread : bar.low;
  switch (order.type) {
    case 'market':
      return filled(o, true, 'at the open');
    case 'limit': {
      const limit = order.price as number;
      if (buy ? atOrBelow(o, limit, tolerance) : atOrBelow(limit, o, tolerance)) return filled(o, false, 'at the open, through the limit');
      if (buy ? atOrBelow(l, limit, tolerance) : atOrBelow(limit, h, tolerance)) return filled(limit, false, 'at the limit');
      return match;
    }
    case 'stop':
    case 'trailing-stop': {
      const level = order.type === 'stop' ? (order.price as number) : buy ? order.anchor + (order.trailDistance as number) : order.anchor - (order.trailDistance as number);
      if (buy ? atOrBelow(level, o, tolerance) : atOrBelow(o, level, tolerance)) return filled(o, true, 'at the open, gapped through the stop');
      if (buy ? atOrBelow(level, h, tolerance) : atOrBelow(l, level, tolerance)) return filled(level, true, 'at the stop');
      // Ratchet only after the check: inside one bar the extreme may come after the low.
      if (order.type === 'trailing-stop') match.anchor = buy ? Math.min(order.anchor, l) : Math.max(order.anchor, h);
      return match;
    }
  }
  return match;
}

function filled(price: number, slips: boolean, how: string): OrderMatch {
  const match = ORDER_MATCH;
  match.price = price;
  match.slips = slips;
  match.how = how;
  return match;
}

/**
 * Checks the brackets of a position on `side` (1 long, -1 short) against a
 * bar: `stopLoss`, `takeProfit` and the `trailing` distance, each NaN when
 * not set; prices closer than `tolerance` (a millionth of a point) are equal.
 */
export function bracketExit(side: number, stopLoss: number, takeProfit: number, trailing: number, bar: VenueBar, spread: number, tolerance: number): BracketExit {
  const exit = BRACKET_EXIT;
  exit.price = Number.NaN;
  exit.slips = false;
  exit.reason = '';
  exit.stopLoss = stopLoss;
  // A long exits at the bid, a short at the ask.
  const shift = side > 0 ? 0 : spread;
  const open = bar.open + shift;
  const high = bar.high + shift;
  const low = bar.low + shift;
  if (side > 0) {
    if (stopLoss === stopLoss && atOrBelow(open, stopLoss, tolerance)) return exited(open, true, 'stop-loss, gapped: filled at the open');
    if (takeProfit === takeProfit && atOrBelow(takeProfit, open, tolerance)) return exited(open, false, 'take-profit, gapped: filled at the open');
    if (stopLoss === stopLoss && atOrBelow(low, stopLoss, tolerance)) return exited(stopLoss, true, 'stop-loss');
    if (takeProfit === takeProfit && atOrBelow(takeProfit, high, tolerance)) return exited(takeProfit, false, 'take-profit');
  } else {
    if (stopLoss === stopLoss && atOrBelow(stopLoss, open, tolerance)) return exited(open, true, 'stop-loss, gapped: filled at the open');
    if (takeProfit === takeProfit && atOrBelow(open, takeProfit, tolerance)) return exited(open, false, 'take-profit, gapped: filled at the open');
    if (stopLoss === stopLoss && atOrBelow(stopLoss, high, tolerance)) return exited(stopLoss, true, 'stop-loss');
    if (takeProfit === takeProfit && atOrBelow(low, takeProfit, tolerance)) return exited(takeProfit, false, 'take-profit');
  }
  if (trailing === trailing) {
    // Ratchet after the check, from this bar's best price.
    const level = side > 0 ? high - trailing : low + trailing;
    if (stopLoss !== stopLoss || (side > 0 ? level > stopLoss : level < stopLoss)) exit.stopLoss = level;
  }
  return exit;
}

function exited(price: number, slips: boolean, reason: string): BracketExit {
  const exit = BRACKET_EXIT;
  exit.price = price;
  exit.slips = slips;
  exit.reason = reason;
  return exit;
}
