// The one file where a strategy service meets the bus's consumer API: its
// queue as the topology table declares it (strategy-<name>.bars, with the
// bindings, delivery limit and single active consumer deploy/rabbitmq's
// definitions carry), handled by StrategyService.handle. Moving to Nest's
// @BusEvent handlers changes this file only.
import { parseRoutePattern } from '@trading/contracts';
import type { ConsumerHandle, MessageBus, MessageHandler } from '@trading/messaging';
import { SERVICE_QUEUES, type QueueTopology } from '@trading/messaging/rabbitmq';

export function strategyQueue(strategy: string): QueueTopology {
  const name = `strategy-${strategy}.bars`;
  const queue = SERVICE_QUEUES.find((candidate) => candidate.name === name);
  if (queue === undefined) throw new RangeError(`no queue ${name} in the topology (libs/messaging/src/rabbitmq/topology.ts)`);
  return queue;
}

export function consumeStrategyQueue(bus: MessageBus, strategy: string, handler: MessageHandler): Promise<ConsumerHandle> {
  const queue = strategyQueue(strategy);
  return bus.consume({
    queue: queue.name,
    bindings: queue.bindings.map(parseRoutePattern),
    maxDeliveries: queue.maxDeliveries,
    singleActiveConsumer: queue.singleActiveConsumer,
    handler,
  });
}
