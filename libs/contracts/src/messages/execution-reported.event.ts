// execution.report: what the broker did with an order, published by
// order-execution on `execution.report.{symbol}`. Sizes, prices and commission
// are exact decimal strings; `filledSize` is cumulative over the order's life.
// v2 names the strategy whose position the order traded, the size and price of
// this fill (a fill report describes one execution, whose commission it
// carries), the strategy's position at the venue after it, and adds the
// `expired` status; v1 is still read.
// v3 lets a venue say what a risk authority keeps in its audit trail besides
// the fill itself: the order as the venue holds it (on `accepted`, and on the
// fills of orders the venue opened itself — brackets, stop-outs — marked
// `origin: venue`), the bar a paper fill happened on, the realised P&L of the
// fill and the account's cash after it. All optional (a broker may not know
// them); v2 is still read.
import { ExactDecimal } from '@trading/domain';
import { decimalString, enumOf, nullable, object, optional, refine, string, type Infer } from '../schema';
import { clientOrderIdField, currencyField, orderSideField, sentenceField, symbolField, timeField, wordField } from './common.fields';
import { defineMessage } from './message-definition';

export const EXECUTION_STATUSES_V1 = ['accepted', 'filled', 'partially_filled', 'rejected', 'cancelled'] as const;
export const EXECUTION_STATUSES = ['accepted', 'filled', 'partially_filled', 'rejected', 'cancelled', 'expired'] as const;

const reportFieldsV1 = {
  clientOrderId: clientOrderIdField,
  /** Null when the order was refused before the broker assigned an id. */
  brokerOrderId: nullable(string({ minLength: 1, maxLength: 128 })),
  symbol: symbolField,
  side: orderSideField,
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
};

type ReportCore = { status: string; orderSize: string; filledSize: string; averagePrice?: string; reason?: string };

type Problem = { path: string[]; message: string } | undefined;

function checkReport(report: ReportCore): Problem {
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
    case 'expired':
      break;
  }
  if (!filled.isZero() && report.averagePrice === undefined) {
    return { path: ['averagePrice'], message: `required once something filled (filledSize ${report.filledSize})` };
  }
  return undefined;
}

function checkFill(report: ReportCore & { lastFillSize?: string; lastFillPrice?: string }): Problem {
  const base = checkReport(report);
  if (base !== undefined) return base;
  const fills = report.status === 'filled' || report.status === 'partially_filled';
  if (fills && (report.lastFillSize === undefined || report.lastFillPrice === undefined)) {
    return { path: [report.lastFillSize === undefined ? 'lastFillSize' : 'lastFillPrice'], message: `required on a ${report.status} report` };
  }
  if (!fills && (report.lastFillSize !== undefined || report.lastFillPrice !== undefined)) {
    return { path: [report.lastFillSize !== undefined ? 'lastFillSize' : 'lastFillPrice'], message: `only on a fill (status is ${report.status})` };
  }
  if (report.lastFillSize !== undefined && new ExactDecimal(report.lastFillSize).greaterThan(new ExactDecimal(report.filledSize))) {
    return { path: ['lastFillSize'], message: `must not exceed filledSize (lastFillSize ${report.lastFillSize}, filledSize ${report.filledSize})` };
  }
  return undefined;
}

export const executionReportedSchemaV1 = refine(object({ ...reportFieldsV1, status: enumOf(EXECUTION_STATUSES_V1) }), checkReport);

export const executionReportedSchema = refine(
  object({
    ...reportFieldsV1,
    status: enumOf(EXECUTION_STATUSES),
    /** The strategy whose position the order traded. */
    strategy: wordField,
    /** Lots executed by this fill (fill reports only). */
    lastFillSize: optional(decimalString({ positive: true })),
    /** Price of this fill (fill reports only). */
    lastFillPrice: optional(decimalString({ positive: true })),
    /** Signed lots of the strategy's position on the symbol at the venue after this report. */
    positionAfter: optional(decimalString()),
  }),
  checkFill,
);


const positivePrice = decimalString({ positive: true });

export const executionReportedSchemaV3 = refine(
  object({
    ...reportFieldsV1,
    status: enumOf(EXECUTION_STATUSES),
    strategy: wordField,
    lastFillSize: optional(decimalString({ positive: true })),
    lastFillPrice: optional(decimalString({ positive: true })),
    positionAfter: optional(decimalString()),
    /** Who opened the order: risk's client order (absent means client), or the venue itself (a bracket, a stop-out). */
    origin: optional(enumOf(['client', 'venue'] as const)),
    orderType: optional(enumOf(['market', 'limit', 'stop'] as const)),
    /** The level of a limit or stop order. */
    price: optional(positivePrice),
    stopLoss: optional(positivePrice),
    takeProfit: optional(positivePrice),
    /** Start time of the bar a paper fill happened on. */
    barTime: optional(timeField),
    /** P&L the fill realised (fills only), in the commission's currency. */
    realizedPnl: optional(decimalString()),
    /** The account's cash after the fill (fills only). */
    cashAfter: optional(decimalString()),
  }),
  checkFill,
);

export type ExecutionReportedV1 = Infer<typeof executionReportedSchemaV1>;
export type ExecutionReportedV2 = Infer<typeof executionReportedSchema>;
export type ExecutionReported = Infer<typeof executionReportedSchemaV3>;
export type ExecutionStatus = ExecutionReported['status'];

export const executionReportedV1 = defineMessage({ type: 'execution.report', version: 1, kind: 'event', schema: executionReportedSchemaV1 });
export const executionReportedV2 = defineMessage({ type: 'execution.report', version: 2, kind: 'event', schema: executionReportedSchema });
export const executionReportedV3 = defineMessage({ type: 'execution.report', version: 3, kind: 'event', schema: executionReportedSchemaV3 });
