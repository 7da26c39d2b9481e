// The message bus port and the in-process bus (the embedded run). The
// RabbitMQ adapter (amqplib) and the NestJS integration are their own entries,
// `@trading/messaging/rabbitmq` and `@trading/messaging/nest`, so code that only
// needs the port does not load amqplib, NestJS and rxjs.
export * from './message-bus.port';
export * from './in-process';
