// The service's one bus handler. Its queue, order-execution.orders, carries
// orders, cancels, bars and snapshot requests in one total order to a single
// active consumer; each message goes to the handler under its correlation id.
// Once the handler's transaction committed, the lockstep receipt names what
// the message produced (outside a lockstep replay nothing is sent), and the
// bus acks when this resolves. A RejectMessage from the handler dead-letters
// the message at once; any other error has it redelivered.
import { Controller, Inject, type Type } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { Envelope, RoutePattern } from '@trading/contracts';
import { BusContext, BusEvent } from '@trading/messaging/nest';
import { SERVICE_QUEUES } from '@trading/messaging/rabbitmq';
import { withCorrelation } from '@trading/observability';
import type { HandledReceipts } from '@trading/runtime';
import { ExecutionHandler } from '../execution.handler';
import { HANDLED_RECEIPTS } from '../order-execution.tokens';

export const ORDER_EXECUTION_QUEUE = ordersQueue();

function ordersQueue() {
  const queue = SERVICE_QUEUES.find((candidate) => candidate.name === 'order-execution.orders');
  if (queue === undefined) throw new Error('the topology has no order-execution.orders queue');
  return queue;
}

/**
 * The controller that consumes `queue` with the topology's bindings and limits.
 * Another queue name is for tests that run beside a deployment on one broker
 * (a decorator's queue is fixed when its class is declared, hence a class per name).
 */
export function ordersControllerFor(queue: string = ORDER_EXECUTION_QUEUE.name): Type<unknown> {
  @Controller()
  class OrdersController {
    constructor(
      @Inject(ExecutionHandler) private readonly handler: ExecutionHandler,
      @Inject(HANDLED_RECEIPTS) private readonly receipts: HandledReceipts,
    ) {}

    @BusEvent({
      queue,
      bindings: ORDER_EXECUTION_QUEUE.bindings as readonly RoutePattern[],
      queueType: ORDER_EXECUTION_QUEUE.queueType,
      singleActiveConsumer: true,
      maxDeliveries: ORDER_EXECUTION_QUEUE.maxDeliveries,
      // The handler takes one message at a time in delivery order; a window keeps the next ones close.
      prefetch: 64,
    })
    onMessage(@Payload() envelope: Envelope, @Ctx() context: BusContext): Promise<void> {
      return withCorrelation(envelope.correlationId, async () => {
        const { produced } = await this.handler.handle(envelope);
        await this.receipts.send(context.getQueue(), envelope, produced);
      });
    }
  }
  return OrdersController;
}
