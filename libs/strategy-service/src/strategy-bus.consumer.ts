// The one file where a strategy service meets the bus: a Nest microservice on
// the bus transport whose one @BusEvent handler takes the strategy's queue as
// the topology table declares it (strategy-<name>.bars, with the bindings,
// delivery limit and single active consumer deploy/rabbitmq's definitions
// carry) and hands each delivery to StrategyService.handle. Resolve acks,
// RejectMessage dead-letters, any other throw is redelivered.
import 'reflect-metadata';
import { Controller, type DynamicModule, Inject, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type Envelope, parseRoutePattern } from '@trading/contracts';
import type { MessageBus } from '@trading/messaging';
import { BusContext, BusEvent, type BusTransportLogger, createBusMicroservice } from '@trading/messaging/nest';
import { SERVICE_QUEUES, type QueueTopology } from '@trading/messaging/rabbitmq';
import type { StrategyService } from './strategy.service';

const STRATEGY_SERVICE = Symbol('strategy-service');

export function strategyQueue(strategy: string): QueueTopology {
  const name = `strategy-${strategy}.bars`;
  const queue = SERVICE_QUEUES.find((candidate) => candidate.name === name);
  if (queue === undefined) throw new RangeError(`no queue ${name} in the topology (libs/messaging/src/rabbitmq/topology.ts)`);
  return queue;
}

/** The controller of one strategy's queue: the queue is the strategy's, so the class is made per strategy. */
function strategyQueueController(strategy: string): new (service: StrategyService) => unknown {
  const queue = strategyQueue(strategy);
  @Controller()
  class StrategyQueueController {
    constructor(@Inject(STRATEGY_SERVICE) private readonly service: StrategyService) {}

    @BusEvent({ queue: queue.name, bindings: queue.bindings.map(parseRoutePattern), maxDeliveries: queue.maxDeliveries, singleActiveConsumer: queue.singleActiveConsumer })
    handle(@Payload() _envelope: Envelope, @Ctx() context: BusContext): Promise<void> {
      return this.service.handle(context.getMessage());
    }
  }
  return StrategyQueueController;
}

@Module({})
class StrategyBusModule {
  static forRoot(service: StrategyService): DynamicModule {
    return { module: StrategyBusModule, controllers: [strategyQueueController(service.name)], providers: [{ provide: STRATEGY_SERVICE, useValue: service }] };
  }
}

/** Starts consuming the strategy's queue; `cancel` stops it (handlers in flight finish), leaving the bus open for its owner to close. */
export async function consumeStrategyQueue(bus: MessageBus, service: StrategyService, logger: BusTransportLogger): Promise<{ cancel(): Promise<void> }> {
  const app = await createBusMicroservice(StrategyBusModule.forRoot(service), { bus, logger });
  return { cancel: () => app.close() };
}
