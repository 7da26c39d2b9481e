// NestJS over the bus: services declare handlers with @BusEvent / @BusRequest / @BusBatch
// on controllers, boot with createBusMicroservice (the BusTransport strategy of
// @nestjs/microservices over the MessageBus port), and publish through an
// injected BusClientProxy.
export { BusBatch, BusEvent, BusRequest, type BusBatchOptions, type BusHandlerKind, type BusQueueOptions } from './bus-handler.decorators';
export { BusBatchContext, BusContext } from './bus.context';
export { BusTransport, type BusConsumer, type BusTransportLogger, type BusTransportOptions } from './bus.transport';
export { BusClientProxy, provideBus } from './bus-client.proxy';
export { BusExceptionFilter } from './bus-exception.filter';
export type { BusReplies, BusReply } from './bus-handler.outcome';
export { assertBusHandlersPlaced, busConsumersOf, createBusMicroservice, type BusMicroserviceOptions } from './bus-microservice.factory';
export { BUS_TRANSPORT, MESSAGE_BUS } from './messaging.tokens';
