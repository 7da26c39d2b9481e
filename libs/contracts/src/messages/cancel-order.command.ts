// order.cancel v1: a request to cancel a working order, on
// `order.cancel.{symbol}`, addressed by the client order id risk gave it.
import { object, type Infer } from '../schema';
import { clientOrderIdField, sentenceField, symbolField, wordField } from './common.fields';
import { defineMessage } from './message-definition';

export const cancelOrderSchema = object({
  clientOrderId: clientOrderIdField,
  symbol: symbolField,
  /** Service or user asking, e.g. "risk". */
  requestedBy: wordField,
  reason: sentenceField,
});

export type CancelOrderCommand = Infer<typeof cancelOrderSchema>;

export const cancelOrderV1 = defineMessage({ type: 'order.cancel', version: 1, kind: 'command', schema: cancelOrderSchema });
