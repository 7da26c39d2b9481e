// execution.report v1: what the broker did with an order, published by
// order-execution on `execution.report.{symbol}`. Sizes, prices and commission
// are exact decimal strings; `filledSize` is cumulative over the order's life.
import { ExactDecimal } from '@trading/domain';
import { decimalString, enumOf, nullable, object, optional, refine, string, type Infer } from '../schema';
import { clientOrderIdField, currencyField, orderSideField, sentenceField, symbolField, timeField } from './common.fields';
import { defineMessage } from './message-definition';

export const EXECUTION_STATUSES = ['accepted', 'filled', 'partially_filled', 'rejected', 'cancelled'] as const;

export const executionReportedSchema = refine(
  object({
    clientOrderId: clientOrderIdField,
    /** Null when the order was refused before the broker assigned an id. */
    brokerOrderId: nullable(string({ minLength: 1, maxLength: 128 })),
    symbol: symbolField,
    side: orderSideField,
    status: enumOf(EXECUTION_STATUSES),
    orderSize: decimalString({ positive: true }),
    /** Cumulative filled lots. */
    filledSize: decimalString({ nonNegative: true }),
    /** Average price of the filled lots; present once anything filled. */
    averagePrice: optional(decimalString({ positive: true })),
    commission: decimalString({ nonNegative: true }),
    commissionCurrency: currencyField,
    /** Broker-side time of the event, UTC epoch ms. */
    executedAt: timeField,
    /** Why an order was rejected or cancelled. */
    reason: optional(sentenceField),
  }),
  (report) => {
    const filled = new ExactDecimal(report.filledSize);
    const ordered = new ExactDecimal(report.orderSize);
    if (filled.greaterThan(ordered)) {
      return { path: ['filledSize'], message: `must not exceed orderSize (filledSize ${report.filledSize}, orderSize ${report.orderSize})` };
    }
    switch (report.status) {
      case 'filled':
        if (!filled.equals(ordered)) return { path: ['filledSize'], message: `must equal orderSize when filled (filledSize ${report.filledSize}, orderSize ${report.orderSize})` };
        break;
      case 'partially_filled':
        if (filled.isZero() || filled.equals(ordered)) {
          return { path: ['filledSize'], message: `must be between 0 and orderSize (exclusive) when partially filled, got ${report.filledSize}` };
        }
        break;
      case 'accepted':
        if (!filled.isZero()) return { path: ['filledSize'], message: `must be "0" when only accepted, got ${report.filledSize}` };
        break;
      case 'rejected':
        if (report.reason === undefined) return { path: ['reason'], message: 'required when rejected' };
        if (!filled.isZero()) return { path: ['filledSize'], message: `must be "0" when rejected, got ${report.filledSize}` };
        break;
      case 'cancelled':
        break;
    }
    if (!filled.isZero() && report.averagePrice === undefined) {
      return { path: ['averagePrice'], message: `required once something filled (filledSize ${report.filledSize})` };
    }
    return undefined;
  },
);

export type ExecutionReported = Infer<typeof executionReportedSchema>;
export type ExecutionStatus = ExecutionReported['status'];

export const executionReportedV1 = defineMessage({
  type: 'execution.report',
  version: 1,
  kind: 'event',
  schema: executionReportedSchema,
});
