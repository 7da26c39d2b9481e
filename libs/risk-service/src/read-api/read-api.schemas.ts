// The read API's response shapes, in the contracts' schema language: the
// contract test validates every endpoint's real answer against them.
import { array, boolean, decimalString, enumOf, int, nullable, number, object, string, unknownValue, type Schema } from '@trading/contracts';

const text = string();
const time = int({ min: 0 });
const sequence = string({ pattern: /^\d+$/, expected: 'a sequence number' });
const decimal = decimalString();
const state = enumOf(['ACTIVE', 'REDUCING', 'HALTED'] as const);

const page = <T>(item: Schema<T>) => object({ items: array(item), nextCursor: nullable(sequence) });

export const positionSchema = object({ sequence, strategy: text, symbol: text, lots: decimal, average_price: nullable(decimal), opened_at: nullable(time), updated_at: time });
export const orderEventSchema = object({ client_order_id: text, status: text, reason: nullable(text), message_id: text, at: time });
export const orderSchema = object({
  sequence,
  client_order_id: text,
  decision_id: nullable(text),
  strategy: text,
  symbol: text,
  side: enumOf(['buy', 'sell'] as const),
  order_type: text,
  lots: decimal,
  filled_lots: decimal,
  stop_loss: nullable(decimal),
  take_profit: nullable(decimal),
  reduce_only: boolean(),
  reason: text,
  status: text,
  created_at: time,
  updated_at: time,
  history: array(orderEventSchema),
});
export const fillSchema = object({
  sequence,
  report_id: text,
  client_order_id: text,
  strategy: text,
  symbol: text,
  side: text,
  lots: decimal,
  price: decimal,
  commission: decimal,
  currency: text,
  position_after: nullable(decimal),
  reason: nullable(text),
  executed_at: time,
});
export const tradeSchema = object({
  sequence,
  strategy: text,
  symbol: text,
  side: enumOf(['long', 'short'] as const),
  lots: decimal,
  entry_time: time,
  exit_time: time,
  entry_price: decimal,
  exit_price: decimal,
  gross_pnl: decimal,
  costs: decimal,
  net_pnl: decimal,
  currency: text,
  exit_reason: text,
});
export const decisionSchema = object({ sequence, message_id: text, at: time, event: text, symbol: nullable(text), code: nullable(text), reason: nullable(text), record: unknownValue() });
export const tradingStateSchema = object({ sequence, state, previous_state: nullable(state), reason_code: text, reason: text, message_id: text, at: time });
export const limitsSchema = object({ sequence, version: int({ min: 1 }), limits: unknownValue(), set_by: text, reason: text, command_id: nullable(text), set_at: time });

export const portfolioSchema = object({
  currency: text,
  cash: decimal,
  equity: decimal,
  margin: object({ used: decimal, free: decimal }),
  tradingState: object({ state, reasonCode: text, reason: text }),
  acceptingNewExposure: boolean(),
  asOf: time,
  positions: array(object({ strategy: text, symbol: text, lots: decimal, averagePrice: decimal, unrealizedPnl: number() })),
  quotes: array(object({ symbol: text, time, bid: number(), ask: number() })),
});

export const READ_API_SCHEMAS = {
  '/portfolio': portfolioSchema,
  '/positions': page(positionSchema),
  '/orders': page(orderSchema),
  '/fills': page(fillSchema),
  '/trades': page(tradeSchema),
  '/decisions': page(decisionSchema),
  '/trading-states': page(tradingStateSchema),
  '/limits': page(limitsSchema),
} as const;
