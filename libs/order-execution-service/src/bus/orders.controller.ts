// The service's one bus handler. Its queue, order-execution.orders, carries
// orders, cancels, bars and snapshot requests in one total order to a single
// active consumer, taken in batches of up to ORDER_EXECUTION_MAX_BATCH, each
// batch one transaction of the handler (group commit). Once it committed,
// each message's lockstep receipt names what it produced (outside a lockstep
// replay nothing is sent); the messages the handler refused are dead-lettered
// with the reason, the rest are acked. A throw (the transaction failed) has
// the bus retry the batch, then its messages one at a time; the handler
// rebuilds the venue from the journal first.
import { Controller, Inject, type Type } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { Envelope, RoutePattern } from '@trading/contracts';
import type { BatchOutcome } from '@trading/messaging';
import { BusBatch, BusBatchContext } from '@trading/messaging/nest';
import { SERVICE_QUEUES } from '@trading/messaging/rabbitmq';
import type { HandledReceipts } from '@trading/runtime';
import { ExecutionHandler, type HandledMessage } from '../execution.handler';
import { HANDLED_RECEIPTS } from '../order-execution.tokens';

export const ORDER_EXECUTION_QUEUE = ordersQueue();

/** Most receipts remembered across a failed send (a few batches' worth). */
const MEMORY_LIMIT = 4_096;

function ordersQueue() {
  const queue = SERVICE_QUEUES.find((candidate) => candidate.name === 'order-execution.orders');
  if (queue === undefined) throw new Error('the topology has no order-execution.orders queue');
  return queue;
}

/**
 * The controller that consumes `queue` with the topology's bindings and limits,
 * in batches of `maxBatch`. Another queue name is for tests that run beside a
 * deployment on one broker (a decorator's options are fixed when its class is
 * declared, hence a class per call).
 */
export function ordersControllerFor(maxBatch: number, queue: string = ORDER_EXECUTION_QUEUE.name): Type<unknown> {
  @Controller()
  class OrdersController {
    /**
     * Receipts a committed batch still owes because a send failed (the bus
     * redelivers the batch, whose messages the handler now finds duplicates):
     * what each message's handling produced, by id, and the ids whose receipt
     * went out before the failure, so that each is sent once, naming what the
     * committed handling produced. Emptied as the redelivery comes in.
     */
    private readonly owed = new Map<string, readonly Envelope[]>();
    private readonly receipted = new Set<string>();

    constructor(
      @Inject(ExecutionHandler) private readonly handler: ExecutionHandler,
      @Inject(HANDLED_RECEIPTS) private readonly receipts: HandledReceipts,
    ) {}

    @BusBatch({
      queue,
      bindings: ORDER_EXECUTION_QUEUE.bindings as readonly RoutePattern[],
      queueType: ORDER_EXECUTION_QUEUE.queueType,
      singleActiveConsumer: true,
      maxDeliveries: ORDER_EXECUTION_QUEUE.maxDeliveries,
      maxBatch,
    })
    async onBatch(@Payload() envelopes: readonly Envelope[], @Ctx() context: BusBatchContext): Promise<BatchOutcome> {
      const handled = await this.handler.handleBatch(envelopes);
      const rejected = new Map<number, string>();
      for (let index = 0; index < envelopes.length; index++) {
        const { id } = envelopes[index];
        const { outcome, reason } = handled[index];
        if (outcome === 'rejected') rejected.set(index, reason ?? `order-execution refused ${envelopes[index].type} message ${id}`);
        if (outcome === 'duplicate' && this.receipted.delete(id)) continue;
        const produced = (outcome === 'duplicate' ? this.owed.get(id) : undefined) ?? handled[index].produced;
        try {
          // A refused message is owed its receipt too: a replay's barrier waits for every message routed here.
          await this.receipts.send(context.getQueue(), envelopes[index], produced, 0);
          this.owed.delete(id);
        } catch (error) {
          this.remember(envelopes, handled, index);
          throw error;
        }
      }
      return { rejected };
    }

    /** The receipt of `envelopes[failed]` could not be sent: what was sent and what is owed, for the redelivery. */
    private remember(envelopes: readonly Envelope[], handled: readonly HandledMessage[], failed: number): void {
      for (let index = 0; index < failed; index++) this.receipted.add(envelopes[index].id);
      for (let index = failed; index < envelopes.length; index++) {
        const { id } = envelopes[index];
        if (handled[index].outcome === 'processed') this.owed.set(id, handled[index].produced);
      }
      // Bounded: a batch that never comes back (dead-lettered) must not grow these for ever.
      for (const memory of [this.owed, this.receipted]) {
        for (const id of memory.keys()) {
          if (memory.size <= MEMORY_LIMIT) break;
          memory.delete(id);
        }
      }
    }
  }
  return OrdersController;
}
