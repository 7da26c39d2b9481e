export {
  RabbitMqBus,
  RabbitMqUnavailable,
  type RabbitMqBatchConsumerSpec,
  type RabbitMqBusLogger,
  type RabbitMqBusOptions,
  type RabbitMqConsumerSpec,
} from './rabbitmq-bus.adapter';
export {
  DEAD_LETTER_DELIVERY_COUNT_HEADER,
  DELIVERY_COUNT_HEADER,
  ORIGINAL_EXCHANGE_HEADER,
  ORIGINAL_ROUTING_KEY_HEADER,
  REJECTION_REASON_HEADER,
} from './amqp-message.mapper';
export {
  DEFAULT_EXCHANGE,
  SERVICE_QUEUES,
  consumerQueueArguments,
  deadLetterExchangeName,
  deadLetterQueueArguments,
  deadLetterQueueName,
  type QueueTopology,
  type QueueType,
} from './topology';
export { reconnectDelayMs, type BackoffOptions } from './reconnect-backoff';
export { rabbitmqDefinitions, rabbitmqDefinitionsJson, type DefinitionsOptions, type RabbitMqDefinitions } from './definitions';
export {
  comparePublishThroughput,
  declareSink,
  deleteSink,
  measureAdapterPublish,
  measureBarePublish,
  type PublishComparison,
  type PublishThroughput,
  type PublishThroughputOptions,
} from './publish-throughput.benchmark';
