// Ids that do not depend on who computes them. A message caused by another
// takes an id derived from its cause: a UUIDv8 (RFC 9562 §5.8) whose first 48
// bits are the time of the market event behind it (so ids sort like UUIDv7s)
// and whose other 74 bits come from SHA-256 of the cause's id and the role of
// the message (who made it and which of its outputs it is). A backtest, an
// embedded run and a distributed run therefore give the same ids to the same
// decisions, and a redelivered or recomputed message is recognisably the same
// message. Only messages without a cause (a person's command) take UUIDv7s
// from the clock and the seeded random source.
import type { Timeframe } from '@trading/domain';
import { sha256Words } from './sha256';

const MAX_TIMESTAMP = 2 ** 48 - 1;
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const UUID_V8_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * The id of the message that `cause` (a message id, or any stable key) leads
 * to in `role` (e.g. "risk/risk.decision"), at the market time `time` (UTC ms).
 */
export function derivedId(cause: string, role: string, time: number): string {
  if (!Number.isSafeInteger(time) || time < 0 || time > MAX_TIMESTAMP) throw new RangeError(`a derived id needs a time in 0..2^48-1 ms, got ${time}`);
  if (cause.length === 0 || role.length === 0) throw new RangeError('a derived id needs a cause and a role');
  const h = sha256Words(`${cause}\u0000${role}`);
  // Digest bytes 0..9 from the first three big-endian words.
  const w0 = h[0];
  const w1 = h[1];
  const w2 = h[2];
  const stamp = time.toString(16).padStart(12, '0');
  const x = HEX;
  return (
    `${stamp.slice(0, 8)}-${stamp.slice(8)}-` +
    `8${x[(w0 >>> 24) & 0x0f][1]}${x[(w0 >>> 16) & 255]}-${x[0x80 | ((w0 >>> 8) & 0x3f)]}${x[w0 & 255]}-` +
    `${x[w1 >>> 24]}${x[(w1 >>> 16) & 255]}${x[(w1 >>> 8) & 255]}${x[w1 & 255]}${x[w2 >>> 24]}${x[(w2 >>> 16) & 255]}`
  );
}

/** The id of a closed bar: the same for every producer that publishes it. */
export function barId(symbol: string, timeframe: Timeframe, barTime: number, closeTime: number): string {
  return derivedId(`bar:${symbol}:${timeframe}:${barTime}`, 'market.bar', closeTime);
}

export function isDerivedId(value: unknown): value is string {
  return typeof value === 'string' && UUID_V8_PATTERN.test(value);
}

/** The market time in the first 48 bits of a derived id. */
export function derivedIdTime(id: string): number {
  if (!isDerivedId(id)) throw new RangeError(`not a derived id: ${JSON.stringify(id)}`);
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

// The roles of the trading chain, in one place so every producer (backtest,
// embedded run, service) names the same message the same way.

/** A strategy's signal caused by a bar message. */
export function signalIdFor(barMessageId: string, strategy: string, time: number): string {
  return derivedId(barMessageId, `strategy/signal/${strategy}`, time);
}

/** The risk decision on one leg of a signal: the order it asks for, or the close a reversal needs first. */
export function decisionIdFor(signalId: string, leg: 'order' | 'close', time: number): string {
  return derivedId(signalId, `risk/risk.decision/${leg}`, time);
}

/** The order.submit message that carries an approved decision's order. */
export function orderMessageIdFor(decisionId: string, time: number): string {
  return derivedId(decisionId, 'risk/order.submit', time);
}

/** The cause of an order the venue opens by itself on a position (a bracket exit, a stop-out, the end of data). */
export function venueOrderCause(strategy: string, symbol: string, entryTime: number): string {
  return `position:${strategy}:${symbol}:${entryTime}`;
}

/** An execution report on an order: `event` names the report among the order's reports (e.g. "filled/1"). */
export function executionReportIdFor(clientOrderId: string, event: string, time: number): string {
  return derivedId(clientOrderId, `order-execution/execution.report/${event}`, time);
}
