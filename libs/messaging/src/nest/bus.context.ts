// What a bus handler gets with `@Ctx()`: the delivery as the bus saw it. The
// payload (`@Payload()`) is the envelope itself (a batch handler's: the
// batch's envelopes, in queue order).
import { BaseRpcContext } from '@nestjs/microservices';
import type { DeliveredMessage } from '../message-bus.port';

export class BusContext extends BaseRpcContext<[DeliveredMessage, string]> {
  getMessage(): DeliveredMessage {
    return this.args[0];
  }

  /** The queue this delivery came from (a method may consume several). */
  getQueue(): string {
    return this.args[1];
  }

  getRoutingKey(): string {
    return this.args[0].routingKey;
  }

  /** 1 on first delivery, incremented on each redelivery. */
  getDeliveryCount(): number {
    return this.args[0].deliveryCount;
  }
}

/** What a `@BusBatch` handler gets with `@Ctx()`: the batch's deliveries as the bus saw them, in queue order. */
export class BusBatchContext extends BaseRpcContext<[readonly DeliveredMessage[], string]> {
  getMessages(): readonly DeliveredMessage[] {
    return this.args[0];
  }

  /** The queue this batch came from. */
  getQueue(): string {
    return this.args[1];
  }
}
