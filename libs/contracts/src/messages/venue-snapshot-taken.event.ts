// venue.snapshot v1: what a venue holds right now — its cash, the orders
// working on it and the position of each strategy on each symbol — published
// by order-execution on `venue.snapshot` when it starts and whenever it is
// asked (venue.snapshot-request). Risk starts fail-closed: it takes no new
// exposure until its book of record agrees with this snapshot, and later
// reconciliation compares the two the same way.
import { array, decimalString, enumOf, nullable, object, optional, type Infer } from '../schema';
import { clientOrderIdField, currencyField, orderSideField, sentenceField, symbolField, timeField, uuidField, wordField } from './common.fields';
import { defineMessage } from './message-definition';

const positivePrice = decimalString({ positive: true });

export const venueOrderSchema = object({
  clientOrderId: clientOrderIdField,
  strategy: wordField,
  symbol: symbolField,
  side: orderSideField,
  orderType: enumOf(['market', 'limit', 'stop'] as const),
  /** Lots still to fill. */
  size: decimalString({ positive: true }),
  /** The level of a limit or stop order. */
  price: optional(positivePrice),
  stopLoss: optional(positivePrice),
  takeProfit: optional(positivePrice),
  reason: sentenceField,
});

export const venuePositionSchema = object({
  strategy: wordField,
  symbol: symbolField,
  /** Signed lots: positive long, negative short. */
  size: decimalString(),
  averagePrice: positivePrice,
});

export const venueSnapshotTakenSchema = object({
  /** Which venue: `paper`, `ig`. */
  venue: wordField,
  currency: currencyField,
  /** The account's cash (balance) at the venue. */
  cash: decimalString(),
  /** Market time the snapshot describes, UTC epoch ms. */
  takenAt: timeField,
  /** The venue.snapshot-request message it answers; null when the venue sent it on its own (at start). */
  requestId: nullable(uuidField),
  orders: array(venueOrderSchema),
  positions: array(venuePositionSchema),
});

export type VenueSnapshotTaken = Infer<typeof venueSnapshotTakenSchema>;
export type VenueOrderView = Infer<typeof venueOrderSchema>;
export type VenuePositionView = Infer<typeof venuePositionSchema>;

export const venueSnapshotTakenV1 = defineMessage({ type: 'venue.snapshot', version: 1, kind: 'event', schema: venueSnapshotTakenSchema });
