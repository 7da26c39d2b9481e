// Does the desk's book of record agree with what the venue holds? Compared
// exactly: the cash, each strategy's signed position on each symbol, and the
// working orders (by client order id, with the lots still to fill). The risk
// service takes no new exposure until the answer is "no differences", so a
// book rebuilt after a restart is never traded on while it disagrees with the
// account it stands for. Pure: the snapshot is a message, the book a value.
import type { VenueSnapshotTaken } from '@trading/contracts';
import { ExactDecimal } from '@trading/domain';
import type { DeskBook } from './desk-book';

export interface VenueDifference {
  readonly kind: 'currency' | 'cash' | 'position' | 'order';
  /** What differs: the currency, `cash`, `strategy/SYMBOL`, or a client order id. */
  readonly key: string;
  /** The desk's value (null when the desk has none). */
  readonly desk: string | null;
  /** The venue's value (null when the venue has none). */
  readonly venue: string | null;
}

/** Every difference between the desk's book and the venue's snapshot, in a stable order (empty when they agree). */
export function reconcileWithVenue(book: DeskBook, snapshot: Pick<VenueSnapshotTaken, 'currency' | 'cash' | 'positions' | 'orders'>): VenueDifference[] {
  const differences: VenueDifference[] = [];
  const cash = book.cash;
  if (snapshot.currency !== cash.currency) differences.push({ kind: 'currency', key: 'currency', desk: cash.currency, venue: snapshot.currency });
  if (!cash.amount.equals(new ExactDecimal(snapshot.cash))) differences.push({ kind: 'cash', key: 'cash', desk: cash.amount.toFixed(), venue: new ExactDecimal(snapshot.cash).toFixed() });

  const deskPositions = new Map<string, ExactDecimal>();
  const ledger = book.ledger;
  for (let position = 0; position < ledger.positionCount; position++) {
    const side = ledger.sideAt(position);
    if (side === 0) continue;
    const view = ledger.view(position);
    const lots = view.quantity.value;
    deskPositions.set(`${view.strategy}/${view.symbol}`, side > 0 ? lots : lots.negated());
  }
  const venuePositions = new Map<string, ExactDecimal>();
  for (const position of snapshot.positions) {
    const lots = new ExactDecimal(position.size);
    if (lots.isZero()) continue;
    const key = `${position.strategy}/${position.symbol}`;
    venuePositions.set(key, (venuePositions.get(key) ?? new ExactDecimal(0)).plus(lots));
  }
  for (const key of sortedUnion(deskPositions.keys(), venuePositions.keys())) {
    const desk = deskPositions.get(key);
    const venue = venuePositions.get(key);
    if (desk !== undefined && venue !== undefined && desk.equals(venue)) continue;
    differences.push({ kind: 'position', key, desk: desk?.toFixed() ?? null, venue: venue?.toFixed() ?? null });
  }

  const deskOrders = new Map<string, ExactDecimal>();
  for (let slot = 0; slot < book.instruments.length; slot++) for (const order of book.workingOrders(slot)) deskOrders.set(order.id, order.quantity.value);
  const venueOrders = new Map<string, ExactDecimal>();
  for (const order of snapshot.orders) venueOrders.set(order.clientOrderId, new ExactDecimal(order.size));
  for (const key of sortedUnion(deskOrders.keys(), venueOrders.keys())) {
    const desk = deskOrders.get(key);
    const venue = venueOrders.get(key);
    if (desk !== undefined && venue !== undefined && desk.equals(venue)) continue;
    differences.push({ kind: 'order', key, desk: desk?.toFixed() ?? null, venue: venue?.toFixed() ?? null });
  }
  return differences;
}

/** One sentence per difference, for logs and risk.state. */
export function describeDifference(difference: VenueDifference): string {
  const { kind, key, desk, venue } = difference;
  if (kind === 'currency') return `the account currency is ${desk} at the desk but ${venue} at the venue`;
  if (kind === 'cash') return `cash is ${desk} at the desk but ${venue} at the venue`;
  const what = kind === 'position' ? `position ${key}` : `working order ${key}`;
  if (desk === null) return `${what} of ${venue} lots at the venue is unknown to the desk`;
  if (venue === null) return `${what} of ${desk} lots at the desk is missing at the venue`;
  return `${what} is ${desk} lots at the desk but ${venue} lots at the venue`;
}

function sortedUnion(a: Iterable<string>, b: Iterable<string>): string[] {
  return [...new Set([...a, ...b])].sort();
}
