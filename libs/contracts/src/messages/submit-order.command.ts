// order.submit: risk's instruction to order-execution, on
// `order.submit.{symbol}`. The client order id is derived from the risk
// decision, so a retried or redelivered command cannot open a second position.
// v2 names the strategy whose position the order trades (the venue keeps one
// position per strategy and symbol) and why; v1 is still read.
import { boolean, decimalString, enumOf, object, optional, refine, type Infer } from '../schema';
import { clientOrderIdField, orderSideField, sentenceField, symbolField, uuidField, wordField } from './common.fields';
import { defineMessage } from './message-definition';

const positivePrice = decimalString({ positive: true });

const submitOrderFieldsV1 = {
  clientOrderId: clientOrderIdField,
  /** Id of the risk.decision message that approved this order. */
  decisionId: uuidField,
  symbol: symbolField,
  side: orderSideField,
  /** Lots, exact decimal. */
  size: decimalString({ positive: true }),
  orderType: enumOf(['market', 'limit', 'stop'] as const),
  limitPrice: optional(positivePrice),
  stopPrice: optional(positivePrice),
  stopLoss: optional(positivePrice),
  takeProfit: optional(positivePrice),
  timeInForce: enumOf(['GTC', 'IOC', 'FOK'] as const),
  /** Only shrinks or closes a position (the only orders allowed while REDUCING). */
  reduceOnly: boolean(),
};

function checkPrices(order: { orderType: string; limitPrice?: string; stopPrice?: string }): { path: string[]; message: string } | undefined {
  if (order.orderType === 'limit' && order.limitPrice === undefined) {
    return { path: ['limitPrice'], message: 'required for a limit order' };
  }
  if (order.orderType === 'stop' && order.stopPrice === undefined) {
    return { path: ['stopPrice'], message: 'required for a stop order' };
  }
  if (order.orderType !== 'limit' && order.limitPrice !== undefined) {
    return { path: ['limitPrice'], message: `only allowed on a limit order (orderType is ${order.orderType})` };
  }
  if (order.orderType !== 'stop' && order.stopPrice !== undefined) {
    return { path: ['stopPrice'], message: `only allowed on a stop order (orderType is ${order.orderType})` };
  }
  return undefined;
}

export const submitOrderSchemaV1 = refine(object(submitOrderFieldsV1), checkPrices);

export const submitOrderSchema = refine(
  object({
    ...submitOrderFieldsV1,
    /** The strategy whose position the order trades. */
    strategy: wordField,
    /** Why the order is sent, for the venue's log. */
    reason: optional(sentenceField),
  }),
  checkPrices,
);

export type SubmitOrderCommandV1 = Infer<typeof submitOrderSchemaV1>;
export type SubmitOrderCommand = Infer<typeof submitOrderSchema>;

export const submitOrderV1 = defineMessage({ type: 'order.submit', version: 1, kind: 'command', schema: submitOrderSchemaV1 });
export const submitOrderV2 = defineMessage({ type: 'order.submit', version: 2, kind: 'command', schema: submitOrderSchema });
