// The service's one bus wiring: its queue (order-execution.orders: orders,
// cancels, bars and snapshot requests in one total order, a single active
// consumer) handed to the handler, each message under its correlation id.
// When the NestJS bus transport lands, this file is what changes.
import type { Envelope, RoutePattern } from '@trading/contracts';
import type { ConsumerHandle, MessageBus } from '@trading/messaging';
import { SERVICE_QUEUES } from '@trading/messaging/rabbitmq';
import { withCorrelation } from '@trading/observability';

export const ORDER_EXECUTION_QUEUE = ordersQueue();
const ORDERS_QUEUE = ORDER_EXECUTION_QUEUE;

function ordersQueue() {
  const queue = SERVICE_QUEUES.find((candidate) => candidate.name === 'order-execution.orders');
  if (queue === undefined) throw new Error('the topology has no order-execution.orders queue');
  return queue;
}

export interface OrdersConsumerOptions {
  /** Another queue name (tests run beside a deployment); the topology's by default. */
  readonly queue?: string;
}

export function consumeOrders(bus: MessageBus, handle: (envelope: Envelope) => Promise<void>, options: OrdersConsumerOptions = {}): Promise<ConsumerHandle> {
  return bus.consume({
    queue: options.queue ?? ORDERS_QUEUE.name,
    bindings: ORDERS_QUEUE.bindings as readonly RoutePattern[],
    singleActiveConsumer: true,
    maxDeliveries: ORDERS_QUEUE.maxDeliveries,
    // The handler takes one message at a time in delivery order; a window keeps the next ones close.
    prefetch: 64,
    handler: (message) => withCorrelation(message.envelope.correlationId, () => handle(message.envelope)),
  });
}
