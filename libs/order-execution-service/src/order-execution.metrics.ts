// The order-execution service's Prometheus metrics. The names are exported for
// the deployment's dashboards and alert rules.
import type { Clock } from '@trading/domain';
import type { ServiceMetrics } from '@trading/observability';
import type { BrokerOutput, CancelOutcome, SubmitOutcome } from './broker/broker.port';
import type { HandlingObserver } from './execution.handler';

export const ORDER_EXECUTION_METRIC_NAMES = [
  'order_execution_orders_total',
  'order_execution_cancels_total',
  'order_execution_fills_total',
  'order_execution_rejections_total',
  'order_execution_working_orders',
  'order_execution_report_latency_seconds',
  'order_execution_duplicate_messages_total',
] as const;

export class OrderExecutionMetrics implements HandlingObserver {
  private readonly orders;
  private readonly cancels;
  private readonly fills;
  private readonly rejections;
  private readonly working;
  private readonly latency;
  private readonly duplicates;

  constructor(
    metrics: ServiceMetrics,
    private readonly wallClock: Clock,
  ) {
    this.orders = metrics.counter({ name: 'order_execution_orders_total', help: 'Orders received, by type and outcome (accepted, rejected, duplicate)', labelNames: ['type', 'outcome'] });
    this.cancels = metrics.counter({ name: 'order_execution_cancels_total', help: 'Cancels received, by outcome (cancelled, not-working, unknown)', labelNames: ['outcome'] });
    this.fills = metrics.counter({ name: 'order_execution_fills_total', help: 'Fills reported, by symbol and side', labelNames: ['symbol', 'side'] });
    this.rejections = metrics.counter({ name: 'order_execution_rejections_total', help: 'Orders the venue refused, by reason class', labelNames: ['reason'] });
    this.working = metrics.gauge({ name: 'order_execution_working_orders', help: 'Orders working at the venue' });
    this.latency = metrics.histogram({ name: 'order_execution_report_latency_seconds', help: 'Wall time from receiving a message to the commit of the reports it caused' });
    this.duplicates = metrics.counter({ name: 'order_execution_duplicate_messages_total', help: 'Messages delivered again after they were handled (skipped by the inbox)', labelNames: ['type'] });
  }

  submitted(order: { orderType: string }, outcome: SubmitOutcome, reason: string | undefined): void {
    this.orders.inc({ type: order.orderType, outcome });
    if (outcome === 'rejected') this.rejections.inc({ reason: rejectionClass(reason ?? '') });
  }

  cancelled(_cancel: unknown, outcome: CancelOutcome): void {
    this.cancels.inc({ outcome });
  }

  reported(outputs: readonly BrokerOutput[], receivedAt: number): void {
    for (const output of outputs) if (output.type === 'execution.report' && output.payload.lastFillSize !== undefined) this.fills.inc({ symbol: output.payload.symbol, side: output.payload.side });
    this.latency.observe(Math.max(0, this.wallClock.now() - receivedAt) / 1000);
  }

  duplicateMessage(envelope: { type: string }): void {
    this.duplicates.inc({ type: envelope.type });
  }

  workingOrders(count: number): void {
    this.working.set(count);
  }
}

/** A refusal's reason as a small set of labels (the text itself goes to the report and the log). */
export function rejectionClass(reason: string): string {
  if (/symbol/i.test(reason)) return 'symbol';
  if (/stopLoss|takeProfit/.test(reason)) return 'brackets';
  if (/price/i.test(reason)) return 'price';
  if (/quantity|size|lots/i.test(reason)) return 'size';
  if (/margin/i.test(reason)) return 'margin';
  return 'other';
}
